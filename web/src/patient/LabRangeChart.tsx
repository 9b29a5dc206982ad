import { scaleLinear } from 'd3-scale'

interface Lab {
  id: string
  name: string
  value: number | null
  unit: string | null
  referenceRange: { low: number | null; high: number | null } | null
  abnormalFlag: string | null
}

const [WIDTH, ROW, LABEL] = [560, 26, 170]

/**
 * Each numeric result against its reference range: the range as a band, the value as a dot, on
 * a scale per row (analytes differ in unit and magnitude), so "how far out" reads at a glance.
 */
export function LabRangeChart({ labs }: { labs: readonly Lab[] }) {
  const rows = labs.filter((l) => l.value !== null && l.referenceRange?.low != null && l.referenceRange?.high != null)
  if (rows.length === 0) return null
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${rows.length * ROW + 8}`}
        role="img"
        aria-label="Lab values against their reference ranges"
      >
        {rows.map((lab, i) => {
          const { low, high } = lab.referenceRange as { low: number; high: number }
          const span = high - low || 1
          const lo = Math.min(low - span * 0.5, lab.value!)
          const hi = Math.max(high + span * 0.5, lab.value!)
          const x = scaleLinear()
            .domain([lo, hi])
            .range([LABEL, WIDTH - 10])
          const yMid = i * ROW + ROW / 2 + 4
          return (
            <g key={lab.id}>
              <text x={0} y={yMid + 4} className="axis">
                {lab.name.length > 26 ? `${lab.name.slice(0, 25)}…` : lab.name}
              </text>
              <rect x={x(low)} width={x(high) - x(low)} y={yMid - 6} height={12} className="band-normal" />
              <circle
                cx={x(lab.value!)}
                cy={yMid}
                r={5}
                className={lab.abnormalFlag && lab.abnormalFlag !== 'N' ? 'point high' : 'point'}
              />
            </g>
          )
        })}
      </svg>
      <figcaption>Shaded: reference range; dot: the result (red when flagged abnormal).</figcaption>
    </figure>
  )
}
