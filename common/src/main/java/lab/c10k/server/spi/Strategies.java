package lab.c10k.server.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The strategies installed on the class path, found with {@link ServiceLoader}. */
public final class Strategies {
    private Strategies() {}

    /** Every installed strategy, sorted by name. */
    public static List<Strategy> installed() {
        var all = new ArrayList<Strategy>();
        ServiceLoader.load(Strategy.class).forEach(all::add);
        all.sort(Comparator.comparing(Strategy::name));
        return List.copyOf(all);
    }

    /** The names of the installed strategies, sorted. */
    public static List<String> names() {
        return installed().stream().map(Strategy::name).toList();
    }

    /** The installed strategy called {@code name}. */
    public static Optional<Strategy> find(String name) {
        return installed().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
