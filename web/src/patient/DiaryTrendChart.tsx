import { scaleLinear, scaleUtc } from 'd3-scale'
import { line } from 'd3-shape'

interface Point {
  entryDate: string
  painScore: number
}

const [WIDTH, HEIGHT, PAD] = [560, 180, 28]

/** Pain score (0–10) over the diary days, oldest left; the values are also in a table for screen readers. */
export function DiaryTrendChart({ entries }: { entries: readonly Point[] }) {
  const points = [...entries]
    .map((e) => ({ date: new Date(`${e.entryDate}T00:00:00Z`), pain: e.painScore }))
    .sort((a, b) => a.date.getTime() - b.date.getTime())
  const first = points[0]?.date ?? new Date()
  const last = points[points.length - 1]?.date ?? first
  const x = scaleUtc()
    .domain([first, last.getTime() === first.getTime() ? new Date(first.getTime() + 86_400_000) : last])
    .range([PAD, WIDTH - PAD / 2])
  const y = scaleLinear()
    .domain([0, 10])
    .range([HEIGHT - PAD, PAD / 2])
  const path = line<(typeof points)[number]>()
    .x((p) => x(p.date))
    .y((p) => y(p.pain))(points)
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Pain score over ${points.length} diary days`}>
        {[0, 5, 10].map((tick) => (
          <g key={tick}>
            <line x1={PAD} x2={WIDTH - PAD / 2} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={PAD - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {tick}
            </text>
          </g>
        ))}
        <rect x={PAD} width={WIDTH - 1.5 * PAD} y={y(10)} height={y(7) - y(10)} className="band-high" />
        {path && <path d={path} className="series" />}
        {points.map((p) => (
          <circle
            key={p.date.toISOString()}
            cx={x(p.date)}
            cy={y(p.pain)}
            r={3.5}
            className={p.pain >= 7 ? 'point high' : 'point'}
          />
        ))}
      </svg>
      <figcaption>Pain score (0–10) per diary day; the shaded band is 7 and above.</figcaption>
    </figure>
  )
}
