package dev.asiscope.scenario;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.SimulationException;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.tables.AddressSpace;
import dev.asiscope.sim.tables.EntryFormat;
import dev.asiscope.sim.tables.MachineTables;
import dev.asiscope.sim.tables.PageTableTree;
import dev.asiscope.sim.tables.TableSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The page tables of a scenario at a cycle, for {@code asiscope tables}: the engine's address spaces
 * ({@link MachineTables}) as they are after every step starting at or before the cycle, plus, when the
 * scenario has a {@code memory} section, the table each of its {@code cpus} points to ({@code cpuN}, read
 * from that memory as {@code asiscope translate} walks it).
 *
 * @param tables         every tree read
 * @param machine        the engine, stopped at {@code cycle} (read it; do not step it)
 * @param scenarioMemory the memory of the scenario's {@code memory} section (empty when it has none)
 * @param policy         the policy the engine ran (it decides the Global bit of kernel mappings)
 */
public record ScenarioTables(TableSet tables, Machine machine, PhysicalMemory scenarioMemory, String policy) {

    /** Domain of the page tables a scenario writes in its {@code memory} section. */
    public static final String SCENARIO_MEMORY = "scenario-memory";

    /**
     * Runs {@code s} under {@code policySpec} (null: the scenario's) up to {@code cycle} and reads every
     * table.
     *
     * @throws ScenarioException for a bad policy or a run that fails before the cycle
     */
    public static ScenarioTables at(LoadedScenario s, String policySpec, long cycle) throws ScenarioException {
        String policyName = policySpec == null ? s.policyName() : policySpec;
        Policy policy = policySpec == null ? s.policy()
                : new ScenarioCompiler("--policy", null).policy(policySpec, "--policy");
        Machine m = new Machine(s.spec(), policy, null);
        try {
            m.runUntil(cycle);
        } catch (SimulationException e) {
            throw new ScenarioException(s.source() == null ? s.name() : s.source().toString(), 0, 0, null,
                    "cycle " + m.cycle() + ": " + SimulationErrorText.of(e));
        }
        List<PageTableTree> trees = new ArrayList<>();
        PhysicalMemory memory = ArchitecturalState.memoryOf(s.raw());
        if (!s.raw().memory().isEmpty()) {
            List<Scenario.Cpu> cpus = s.raw().cpus();
            for (int i = 0; i < cpus.size(); i++) {
                ControlRegisters cr = ArchitecturalState.registersOf(cpus.get(i));
                AddressSpace space = new AddressSpace("cpu" + i, "CR3 of scenario CPU " + i, SCENARIO_MEMORY,
                        EntryFormat.X86, cr.rootTable(), cr.cr4La57(), s.raw().machine().maxPhysAddr(),
                        cr.eferNxe(), cr.pcid());
                trees.add(PageTableTree.read(space, memory));
            }
        }
        trees.addAll(MachineTables.read(m).trees());
        return new ScenarioTables(new TableSet(trees), m, memory, policyName);
    }

    /**
     * The tree named {@code name}.
     *
     * @throws ScenarioException (located at {@code --space}) naming the known spaces when there is none
     */
    public PageTableTree tree(String name) throws ScenarioException {
        PageTableTree t = tables.tree(name);
        if (t == null) {
            List<String> known = tables.names();
            throw new ScenarioException("--space", 0, 0, null, "no address space '" + name + "'"
                    + DidYouMean.hint(name, known) + " (known: " + String.join(", ", known) + ")");
        }
        return t;
    }

    /** The cycle the engine's tables were read at. */
    public long cycle() {
        return machine.cycle();
    }

    /** The engine's host layout (names the region behind a host-physical frame). */
    public HostLayout layout() {
        return machine.layout();
    }

    /** The region whose memory holds host-physical address {@code pa} of a table in {@code domain}, or null. */
    public PlacedRegion regionAt(String domain, long pa) {
        return MachineTables.HOST.equals(domain) ? machine.layout().regionAtPhysical(pa) : null;
    }

    /** The memory the structures of {@code space} live in (what a walk of that table reads). */
    public QwordMemory memoryOf(AddressSpace space) {
        if (SCENARIO_MEMORY.equals(space.domain())) {
            return scenarioMemory;
        }
        return MachineTables.memoryOf(machine, space);
    }
}
