package io.assay.core.table;

import io.assay.core.error.ColumnNotFoundException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The ordered, uniquely named fields of a table. */
public record Schema(List<Field> fields) {

    public Schema {
        fields = List.copyOf(fields);
        var seen = new HashSet<String>();
        for (Field f : fields) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("duplicate column name '" + f.name() + "'");
            }
        }
    }

    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    public int size() {
        return fields.size();
    }

    public Optional<Field> find(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The field called {@code name}; a {@link ColumnNotFoundException} listing the columns otherwise. */
    public Field field(String name) {
        return find(name).orElseThrow(() -> new ColumnNotFoundException(name, names()));
    }
}
