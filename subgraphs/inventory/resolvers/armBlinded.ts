import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'

/**
 * The one refusal for a blinded role asking for an arm (Allocation.arm, SiteStock.byArm): a constant
 * sentence, so it cannot carry one, and the same whether or not the subject was randomised.
 */
export const armBlinded = () => appError(ErrorCodes.FORBIDDEN, 'Treatment allocation is blinded for your role.')
