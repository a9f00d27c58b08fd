/**
 * The five canvas views of the main window as painters: {@link dev.asiscope.ui.views.CoresView},
 * {@link dev.asiscope.ui.views.CacheView}, {@link dev.asiscope.ui.views.AddressSpaceView},
 * {@link dev.asiscope.ui.views.PageWalkView} and {@link dev.asiscope.ui.views.TimelineView}.
 *
 * <p>Each implements {@link dev.asiscope.ui.core.MachineView} and draws only through
 * {@link dev.asiscope.ui.draw.DrawContext}, so screen and SVG export share one painter, and
 * {@link dev.asiscope.ui.views.HitTestable}, which names the model object under the mouse from the layout
 * of a paint of the current state. Everything shown is read from the machine at the cursor and the run's
 * event log with inspection methods only (cache {@code line}/{@code lines}, TLB {@code entries}, walks with
 * {@code setAccessedDirty=false} through a read-only memory view): painting never changes the simulation.
 * Derived data is cached per (simulation, cycle, view settings). FX thread only.
 */
package dev.asiscope.ui.views;
