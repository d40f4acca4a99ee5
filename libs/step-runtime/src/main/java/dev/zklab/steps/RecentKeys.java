package dev.zklab.steps;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The most recent keys, at most a fixed number (the oldest is forgotten first): what a service
 * remembers of the commands it ran and the runs that were cancelled, without growing for ever.
 */
final class RecentKeys {

    private final Set<String> keys;

    RecentKeys(int capacity) {
        this.keys = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        }));
    }

    /** Remembers the key; false when it was remembered already. */
    boolean add(String key) {
        return keys.add(key);
    }

    boolean contains(String key) {
        return keys.contains(key);
    }

    int size() {
        return keys.size();
    }
}
