import type { ReactNode } from 'react';

/**
 * A cell of a table that the stylesheet shows as cards where it is narrow: the session tables (My sessions, the
 * teacher's two tables) and the comparison table. A card hides the column headers from the eye, so it shows the
 * cell's `label` (its column's name) beside the value instead; in the table the label is not displayed. A cell
 * whose content names itself, such as a button, needs none. See "The session tables on a phone" and "The
 * comparison page on a phone" in styles.css, which style the label for each.
 *
 * The label is hidden from screen readers (aria-hidden), which announce the column header with the cell and
 * would otherwise say it twice.
 *
 * role="cell" repeats what a <td> is, on purpose, and so do the table's role="table", its rows' role="row" and
 * its headers' role="columnheader" and role="rowheader": a table whose parts are displayed as blocks, as the
 * cards are, may stop being exposed as a table, and a screen reader would then read the cards as loose text
 * without the column headers the hidden label relies on. The explicit roles keep the table a table.
 */
export function LabelledCell({ label, className, children }: { label?: ReactNode; className?: string; children: ReactNode }) {
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
