import type { ReactNode } from 'react';

/**
 * A cell of a session table (My sessions, the teacher's two tables). Where the table is too narrow, the
 * stylesheet shows each row as a card and hides the column headers from the eye, so the card shows the cell's
 * `label` (its column's name) beside the value instead; in the table the label is not displayed. A cell whose
 * content names itself, such as a button, needs none. See "The session tables on a phone" in styles.css.
 *
 * The label is hidden from screen readers, which announce the column header with the cell (the table keeps its
 * roles) and would otherwise say it twice. role="cell" repeats what a <td> is, on purpose: a cell displayed as a
 * block may stop being exposed as a cell, which is why the table, its rows and its headers spell out their
 * roles too.
 */
export function SessionCell({ label, className, children }: { label?: string; className?: string; children: ReactNode }) {
  return (
    // jsx-a11y counts a <td> as a grid's interactive cell; in these tables it is a plain cell, as role="cell" says.
    // eslint-disable-next-line jsx-a11y/no-interactive-element-to-noninteractive-role
    <td role="cell" className={className}>
      {label === undefined ? null : (
        <span className="cell-label" aria-hidden="true">
          {label}
        </span>
      )}
      {children}
    </td>
  );
}
