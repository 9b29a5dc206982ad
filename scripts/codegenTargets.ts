import path from 'node:path'

// Per subgraph: its SDL, where the resolver types go, its context type, and which storage model
// each GraphQL type's resolvers receive as parent (codegen "mappers"). Paths hang off a root so
// the schema check can run the same generation on a modified copy of the repository.
export const REPOSITORY_ROOT = path.resolve(__dirname, '..')

export interface CodegenTarget {
  name: string
  schemaFile: string
  outputFile: string
  contextType: string
  mappers: Record<string, string>
}

export function codegenTargets(root: string = REPOSITORY_ROOT): CodegenTarget[] {
  return TARGETS.map(({ name, contextType, mappers }) => {
    const dir = path.join(root, 'subgraphs', name)
    return { name, schemaFile: path.join(dir, 'schema.graphql'), outputFile: path.join(dir, 'generated', 'graphql.ts'), contextType, mappers }
  })
}

function target(name: string, contextType: string, mappers: Record<string, string>) {
  return { name, contextType, mappers }
}

const TARGETS = [
  target('users', '../context#UsersContext', {
    User: '../data/models#UserModel',
    RoleAssignment: '../data/models#RoleAssignmentModel',
    Site: '../data/models#SiteRef',
    Study: '../data/models#StudyRef',
    AuthSession: '../auth/sessionService#IssuedSession',
    AuditEvent: '../data/models#AuditEventModel',
  }),
  target('studies', '../context#StudiesContext', {
    Study: '../data/models#StudyModel',
    Site: '../data/models#SiteModel',
  }),
  target('patients', '../context#PatientsContext', {
    Patient: '../data/models#PatientModel',
    Visit: '../data/models#VisitModel',
    Site: '../data/models#SiteRef',
    Study: '../data/models#StudyRef',
    User: '../data/models#UserRef',
    PatientConnection: '../data/models#PatientPage',
  }),
  target('epro', '../context#EproContext', {
    Questionnaire: '../data/models#QuestionnaireModel',
    EproSubmission: '../data/models#EproSubmissionModel',
    EproCompliance: '../data/models#EproComplianceModel',
    AdverseEventAlert: '../data/models#AdverseEventAlertModel',
    AuditEvent: '../data/models#AuditEventModel',
    Patient: '../data/models#PatientRef',
    Study: '../data/models#StudyRef',
  }),
  target('labs', '../context#LabsContext', {
    LabResult: '../data/models#LabResultModel',
    Patient: '../data/models#PatientRef',
  }),
]
