import type { Random } from './random'
import type { Indication } from './studyProtocols'

interface PainPopulation {
  baselineMean: number
  baselineSd: number
  /** Mean NRS reduction at full effect, by blinded arm label (one arm carries the placebo response). */
  responseByArm: Readonly<Record<string, number>>
}

const POPULATIONS: Readonly<Record<Indication, PainPopulation>> = {
  // Painful-CIPN trials typically require an average pain of at least 4 to enter.
  CIPN: { baselineMean: 5.8, baselineSd: 1.1, responseByArm: { A: 2.1, B: 1.0 } },
  RA: { baselineMean: 6.2, baselineSd: 1.2, responseByArm: { A: 2.8, B: 1.2 } },
}

const DAILY_FLARE_RATE = 0.01

/**
 * Daily worst-pain scores (NRS-11, integers 0-10) for a diary of `days` days: a personal baseline,
 * an arm-dependent response that builds up over the first weeks (some patients do not respond,
 * a few worsen), day-to-day autocorrelated noise and occasional flares of 1-3 days that push the
 * score to 8 or more.
 */
export function painTrajectory(
  indication: Indication,
  arm: string | null,
  withdrawn: boolean,
  days: number,
  rng: Random,
): number[] {
  const population = POPULATIONS[indication]
  const baseline = clamp(rng.normal(population.baselineMean, population.baselineSd), 4, 9)
  // Patients who later withdraw are more often those without benefit.
  const responsiveness = clamp(rng.normal(1, 0.45), -0.3, 2) * (withdrawn ? 0.4 : 1)
  const fullEffect = (population.responseByArm[arm ?? ''] ?? 0) * responsiveness
  const onsetDays = rng.float(10, 28)
  const scores: number[] = []
  let noise = 0
  let flareDaysLeft = 0
  let flare = 0
  for (let day = 0; day < days; day++) {
    noise = 0.6 * noise + rng.normal(0, 0.7)
    if (flareDaysLeft > 0) flareDaysLeft -= 1
    else if (rng.chance(DAILY_FLARE_RATE)) {
      flareDaysLeft = rng.int(0, 2)
      flare = rng.float(2.5, 4.5)
    } else flare = 0
    const effect = fullEffect * (1 - Math.exp(-day / onsetDays))
    scores.push(Math.round(clamp(baseline - effect + noise + flare, 0, 10)))
  }
  return scores
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
