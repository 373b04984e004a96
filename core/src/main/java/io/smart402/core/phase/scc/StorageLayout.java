package io.smart402.core.phase.scc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Storage layout of the original optimizer (spec §2.3, REPO src/scc/optimizer.py): variables sorted by size
 * descending, then packed next-fit into 256-bit slots.
 *
 * @param entries    one per variable, in packing order; {@code offset} and {@code size} are in bits
 * @param efficiency Σ size / (slots · 256)
 */
record StorageLayout(int slots, List<Entry> entries, double efficiency) {

    static final int SLOT_BITS = 256;

    record Entry(String name, int slot, int offset, int size) {
    }

    StorageLayout {
        entries = List.copyOf(entries);
    }

    static StorageLayout of(List<IrProgram.StateVariable> variables) {
        List<IrProgram.StateVariable> sorted = new ArrayList<>(variables);
        sorted.sort(Comparator.comparingInt(IrProgram.StateVariable::bits).reversed());
        List<Entry> entries = new ArrayList<>();
        int slot = 0;
        int used = 0;
        long totalBits = 0;
        for (IrProgram.StateVariable variable : sorted) {
            int size = variable.bits();
            if (used + size > SLOT_BITS) {
                slot++;
                used = 0;
            }
            entries.add(new Entry(variable.name(), slot, used, size));
            used += size;
            totalBits += size;
        }
        // The original always counts slot 0, even for an empty contract.
        int slots = slot + 1;
        return new StorageLayout(slots, entries, (double) totalBits / ((long) slots * SLOT_BITS));
    }
}
