package dev.asiscope.ui.views;

/**
 * A clickable table name in the page-table view: selecting it makes {@code space} the compared table
 * (or, when it already is, swaps the two).
 *
 * @param view  the view it was drawn by (a choice only affects that view)
 * @param space address-space name
 */
public record SpaceChoice(PageTableView view, String space) {
}
