import { Route, Switch } from 'wouter'
import { AppServices, useSessionState } from './appServices'
import { Layout } from './Layout'
import { HomeRedirect, SitesScreen, StudiesScreen } from './HomeScreens'
import { SignInScreen } from '../signin/SignInScreen'
import { SiteDashboardScreen } from '../dashboard/SiteDashboardScreen'
import { ErrorNotice, Loading } from '../ui/States'
import { Suspense } from 'react'
import {
  AlertFeedScreen,
  DiaryScreen,
  EnrollmentScreen,
  FormEntryScreen,
  PatientFullViewScreen,
  QueryListScreen,
  ScreeningScreen,
  SdvWorklistScreen,
  SiteStockScreen,
  StudySummaryScreen,
} from './lazyScreens'

function Screens() {
  const state = useSessionState()
  // Signed out, or the session ended (the screen says why): nothing but sign-in is reachable.
  if (state.kind !== 'active') return <SignInScreen />
  return (
    <Layout>
      <Suspense fallback={<Loading what="the page" />}>
        <Switch>
          <Route path="/" component={HomeRedirect} />
          <Route path="/sites" component={SitesScreen} />
          <Route path="/sites/:siteId/screening">
            {(params) => <ScreeningScreen key={params.siteId} siteId={params.siteId} />}
          </Route>
          <Route path="/sites/:siteId/stock">{(params) => <SiteStockScreen siteId={params.siteId} />}</Route>
          <Route path="/sites/:siteId">
            {(params) => <SiteDashboardScreen key={params.siteId} siteId={params.siteId} />}
          </Route>
          <Route path="/patients/:patientId/enrollment">
            {(params) => <EnrollmentScreen key={params.patientId} patientId={params.patientId} />}
          </Route>
          <Route path="/patients/:patientId">
            {(params) => <PatientFullViewScreen key={params.patientId} patientId={params.patientId} />}
          </Route>
          <Route path="/forms/:formId">
            {(params) => <FormEntryScreen key={params.formId} formId={params.formId} />}
          </Route>
          <Route path="/sdv" component={SdvWorklistScreen} />
          <Route path="/queries" component={QueryListScreen} />
          <Route path="/alerts" component={AlertFeedScreen} />
          <Route path="/studies" component={StudiesScreen} />
          <Route path="/studies/:studyId">{(params) => <StudySummaryScreen studyId={params.studyId} />}</Route>
          <Route path="/diary" component={DiaryScreen} />
          <Route>
            <ErrorNotice title="Page not found" message="This address is not a page of the workspace." />
          </Route>
        </Switch>
      </Suspense>
    </Layout>
  )
}

export function App() {
  return (
    <AppServices>
      <Screens />
    </AppServices>
  )
}
