import { useState } from 'react'

/** Cursor paging as the API does it: a stack of the cursors that led to each page, back and forth. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  return {
    after: cursors[cursors.length - 1] ?? null,
    page: cursors.length,
    next: (endCursor: string | null | undefined) => setCursors((c) => [...c, endCursor ?? null]),
    previous: () => setCursors((c) => c.slice(0, -1)),
    reset: () => setCursors([null]),
  }
}

export function Pager({
  pages,
  hasNextPage,
  endCursor,
}: {
  pages: ReturnType<typeof useCursorPages>
  hasNextPage: boolean | undefined
  endCursor: string | null | undefined
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={pages.page === 1} onClick={pages.previous}>
        Previous page
      </button>
      <span>Page {pages.page}</span>
      <button type="button" disabled={!hasNextPage} onClick={() => pages.next(endCursor)}>
        Next page
      </button>
    </nav>
  )
}
