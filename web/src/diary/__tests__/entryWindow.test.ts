import { dayBefore, dueEntry, siteClock } from '../entryWindow'

const WINDOW = { opens: 18 * 60, closes: 24 * 60 } // the demo diary: 18:00 to midnight

describe('siteClock', () => {
  it("reads the site's day and minute, not the device's", () => {
    const instant = new Date('2026-12-05T02:30:00Z')
    expect(siteClock(instant, 'America/New_York')).toEqual({ date: '2026-12-04', minute: 21 * 60 + 30 })
    expect(siteClock(instant, 'Europe/Helsinki')).toEqual({ date: '2026-12-05', minute: 4 * 60 + 30 })
  })
})

describe('dueEntry', () => {
  it("offers today's entry once the window has opened, on time until it closes", () => {
    expect(dueEntry({ date: '2026-12-05', minute: 19 * 60 }, WINDOW, new Set())).toEqual({
      kind: 'due',
      entryDate: '2026-12-05',
      late: false,
      closes: WINDOW.closes,
    })
  })

  it("before today's window, yesterday's missing entry (late); nothing when it is recorded", () => {
    expect(dueEntry({ date: '2026-12-05', minute: 9 * 60 }, WINDOW, new Set())).toMatchObject({
      kind: 'due',
      entryDate: '2026-12-04',
      late: true,
    })
    expect(dueEntry({ date: '2026-12-05', minute: 9 * 60 }, WINDOW, new Set(['2026-12-04']))).toEqual({
      kind: 'notYet',
      opens: WINDOW.opens,
    })
  })

  it("today's entry recorded: done", () => {
    expect(dueEntry({ date: '2026-12-05', minute: 20 * 60 }, WINDOW, new Set(['2026-12-05']))).toEqual({ kind: 'done' })
  })

  it('an early window that has closed: today, late', () => {
    expect(
      dueEntry({ date: '2026-12-05', minute: 13 * 60 }, { opens: 8 * 60, closes: 12 * 60 }, new Set()),
    ).toMatchObject({
      entryDate: '2026-12-05',
      late: true,
    })
  })

  it('dayBefore crosses months and years', () => {
    expect(dayBefore('2026-03-01')).toBe('2026-02-28')
    expect(dayBefore('2027-01-01')).toBe('2026-12-31')
  })
})
