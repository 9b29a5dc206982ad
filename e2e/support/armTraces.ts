import { demoSupply } from '../../subgraphs/inventory/demo/demoSupply'
import { demoDataset } from '../../demo-data'

/**
 * Every trace of a study's treatment arms in a raw answer or page: an arm's name, id or supply
 * code, a lot number, or an arm code as a JSON value. What a blinded role must never be sent.
 */
export function armTracer(studyId: string): (raw: string) => string[] {
  const supply = demoSupply(demoDataset())
  const arms = supply.arms.filter((a) => a.studyId === studyId)
  const lots = supply.lots.filter((l) => l.studyId === studyId)
  return (raw) => {
    const words = [...arms.flatMap((a) => [a.name, a.id, a.supplyCode]), ...lots.map((l) => l.lotNumber)].filter((w) =>
      raw.includes(w),
    )
    const codes = [...raw.matchAll(/"(?:code|armCode)"\s*:\s*"([^"]*)"/g)]
      .map((m) => m[1]!)
      .filter((c) => arms.some((a) => a.code === c))
    return [...words, ...codes.map((c) => `code ${c}`)]
  }
}
