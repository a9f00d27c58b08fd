/**
 * Page tables as they are in simulated memory, read back as trees: every address space of a machine (the
 * full kernel table, each restricted ASI table, the KPTI user table, guest tables, EPT) level by level,
 * with each entry's bits decoded with the Intel SDM's names, and which paging-structure frames several
 * tables share. Read-only: building a tree never writes memory. No JavaFX here; the page-table view and
 * {@code asiscope tables} both draw on this package.
 */
package dev.asiscope.sim.tables;
