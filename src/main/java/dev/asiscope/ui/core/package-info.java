/**
 * What every part of the window is built on: the {@link dev.asiscope.ui.core.SimSession} (a run, its
 * cursor and selection), the {@link dev.asiscope.ui.core.Theme}, and the
 * {@link dev.asiscope.ui.core.MachineView} contract the views implement. The window
 * ({@code dev.asiscope.ui}) and its parts (views, annotate, export, present, workspace) depend on this
 * package, never the other way (ArchitectureTest checks that the ui packages have no cycles).
 */
package dev.asiscope.ui.core;
