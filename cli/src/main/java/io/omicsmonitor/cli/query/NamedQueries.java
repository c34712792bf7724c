package io.omicsmonitor.cli.query;

import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.template.Intrinsics;
import io.omicsmonitor.cli.template.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The template's Athena named queries, their SQL resolved as the stack would (the database name filled in). */
final class NamedQueries {

    record Query(String logicalId, String name, String sql) {
    }

    private final SamTemplate template;
    private final Intrinsics values;

    NamedQueries(SamTemplate template, Intrinsics values) {
        this.template = template;
        this.values = values;
    }

    List<Query> all() {
        List<Query> queries = new ArrayList<>();
        for (SamTemplate.NamedQuery q : template.namedQueries()) {
            try {
                queries.add(new Query(q.logicalId(), values.resolve(q.name()).orElse(q.logicalId()),
                        values.resolve(q.sql()).orElse("")));
            } catch (Intrinsics.Unresolvable e) {
                throw new UserError("named query " + q.logicalId() + " in " + template.file()
                        + " cannot be resolved locally: it refers to " + e.getMessage());
            }
        }
        return queries;
    }

    Query get(String name) {
        List<Query> all = all();
        for (Query q : all) {
            if (q.name().equalsIgnoreCase(name) || q.logicalId().equalsIgnoreCase(name)) {
                return q;
            }
        }
        throw new UserError("no named query '" + name + "' in " + template.file() + "; its named queries are: "
                + (all.isEmpty() ? "(none)" : String.join(", ", all.stream().map(Query::name).toList())));
    }

    /** The Glue database the queries name (their {@code Database}, else the template's Glue database). */
    Optional<String> database() {
        for (SamTemplate.NamedQuery q : template.namedQueries()) {
            if (q.database() != null) {
                return values.resolve(q.database());
            }
        }
        return template.glueDatabase(values);
    }
}
