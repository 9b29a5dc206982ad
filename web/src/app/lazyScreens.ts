import { lazy } from 'react'

/*
 * Screens loaded when first opened, each its own chunk: the sign-in screen and a CRC's landing page
 * (the site dashboard) load with the app, the charts, forms and the rest when someone opens them.
 * A chunk that fails to load (a deploy replaced it) lands in the screen's error boundary, which
 * offers a reload.
 */
export const PatientFullViewScreen = lazy(() =>
  import('../patient/PatientFullViewScreen').then((m) => ({ default: m.PatientFullViewScreen })),
)
export const AlertFeedScreen = lazy(() =>
  import('../alerts/AlertFeedScreen').then((m) => ({ default: m.AlertFeedScreen })),
)
export const StudySummaryScreen = lazy(() =>
  import('../sponsor/StudySummaryScreen').then((m) => ({ default: m.StudySummaryScreen })),
)
export const DiaryScreen = lazy(() => import('../diary/DiaryScreen').then((m) => ({ default: m.DiaryScreen })))
export const FormEntryScreen = lazy(() =>
  import('../edc/FormEntryScreen').then((m) => ({ default: m.FormEntryScreen })),
)
export const SdvWorklistScreen = lazy(() =>
  import('../edc/SdvWorklistScreen').then((m) => ({ default: m.SdvWorklistScreen })),
)
export const QueryListScreen = lazy(() =>
  import('../edc/QueryListScreen').then((m) => ({ default: m.QueryListScreen })),
)
export const ScreeningScreen = lazy(() =>
  import('../enrollment/ScreeningScreen').then((m) => ({ default: m.ScreeningScreen })),
)
export const EnrollmentScreen = lazy(() =>
  import('../enrollment/EnrollmentScreen').then((m) => ({ default: m.EnrollmentScreen })),
)
export const SiteStockScreen = lazy(() =>
  import('../enrollment/SiteStockScreen').then((m) => ({ default: m.SiteStockScreen })),
)
