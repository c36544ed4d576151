package io.assay.cli;

import io.assay.app.Assay;
import io.assay.core.json.Json;
import io.assay.ml.Trainer;
import io.assay.ml.registry.ModelRegistry;
import io.assay.ml.registry.ModelVersion;
import io.assay.ml.registry.Retention;
import io.assay.ml.zoo.ModelZoo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay models ...}: the model registry. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description =
                "Manage registered models: list, show, promote, roll back, pick the best, delete, prune; list model types.",
        subcommands = {
            ModelsCommand.ListModels.class,
            ModelsCommand.Show.class,
            ModelsCommand.Promote.class,
            ModelsCommand.Rollback.class,
            ModelsCommand.Best.class,
            ModelsCommand.Delete.class,
            ModelsCommand.Prune.class,
            ModelsCommand.Types.class
        },
        footer = {
            "",
            "Examples:",
            "  assay models list",
            "  assay models show churn@2 --format json",
            "  assay models promote churn@2",
            "  assay models rollback churn",
            "  assay models best churn --metric roc_auc",
            "  assay models prune --keep 3 --days 30"
        })
final class ModelsCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared by the subcommands: open Assay on the data directory, run, print. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        OutputOptions output;

        @Mixin
        CommonOptions common;

        private final Map<String, String> environment;

        Base(Map<String, String> environment) {
            this.environment = environment;
        }

        <T> T withAssay(Function<Assay, T> action) {
            try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment))) {
                return action.apply(assay);
            }
        }

        void print(Object json, String text) {
            output.emit(
                    spec.commandLine().getOut(), output.format == OutputOptions.Format.JSON ? Json.write(json) : text);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every registered version, by name.")
    static final class ListModels extends Base {
        ListModels(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            List<ModelVersion> all = withAssay(a -> a.models().registry().list());
            print(all, ModelReport.list(all));
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "One version's metadata, metrics and evaluation.")
    static final class Show extends Base {
        @Parameters(paramLabel = "NAME[@VERSION]")
        String model;

        Show(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            var ref = ModelRef.parse(model);
            var shown = withAssay(a -> {
                var v = a.models().registry().find(ref.name(), ref.version());
                var json = new LinkedHashMap<String, Object>();
                json.put("version", v);
                if (io.assay.ml.zoo.ModelZoo.knows(v.type())) {
                    var m = a.models().registry().load(v);
                    json.put("evaluation", m.evaluation());
                    json.put("provenance", m.provenance());
                    json.put("pipeline", m.pipeline());
                }
                return json;
            });
            var version = (ModelVersion) shown.get("version");
            print(
                    shown,
                    shown.get("evaluation") instanceof io.assay.ml.Evaluation e
                            ? ModelReport.trained(version, e)
                            : ModelReport.version(version));
            return 0;
        }
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = "Put a version in production (the current one is archived).")
    static final class Promote extends Base {
        @Parameters(paramLabel = "NAME@VERSION")
        String model;

        Promote(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            var ref = ModelRef.parse(model);
            var v = withAssay(a -> a.models().registry().promote(ref.name(), ref.number()));
            print(v, v.id() + " is now in production\n");
            return 0;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Put an earlier version back in production (default: the one in production before this one,"
                    + " whatever its number). A second rollback undoes the first.")
    static final class Rollback extends Base {
        @Parameters(paramLabel = "NAME[@VERSION]")
        String model;

        Rollback(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            var ref = ModelRef.parse(model);
            Integer version = ref.version() == null ? null : ref.number();
            var v = withAssay(a -> a.models().registry().rollback(ref.name(), version));
            print(v, v.id() + " is back in production\n");
            return 0;
        }
    }

    @Command(
            name = "best",
            mixinStandardHelpOptions = true,
            description = "The version with the best value of a metric.")
    static final class Best extends Base {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(
                names = "--metric",
                required = true,
                paramLabel = "METRIC",
                description = "e.g. accuracy, roc_auc, f1_macro, r2, rmse, silhouette.")
        String metric;

        Best(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            var v = withAssay(a -> a.models().registry().best(name, metric));
            print(
                    v,
                    String.format(
                            java.util.Locale.ROOT,
                            "%s has the best %s: %.6g%n",
                            v.id(),
                            metric,
                            v.metrics().get(metric)));
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a version and its files; NAME alone deletes every version of the model.")
    static final class Delete extends Base {
        @Parameters(paramLabel = "NAME[@VERSION]")
        String model;

        @Option(names = "--force", description = "Delete even the production version.")
        boolean force;

        Delete(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            var ref = ModelRef.parse(model);
            List<String> deleted = withAssay(a -> ref.version() == null
                    ? a.models().registry().deleteAll(ref.name(), force).stream()
                            .map(ModelVersion::id)
                            .toList()
                    : deleteOne(a, ref));
            print(
                    Map.of("deleted", ref.version() == null ? deleted : deleted.getFirst()),
                    "deleted " + String.join(", ", deleted) + "\n");
            return 0;
        }

        private List<String> deleteOne(Assay assay, ModelRef ref) {
            assay.models().registry().delete(ref.name(), ref.number(), force);
            return List.of(ref.name() + "@" + ref.version());
        }
    }

    @Command(
            name = "prune",
            mixinStandardHelpOptions = true,
            description =
                    "Delete old versions, keeping the newest N and those younger than D days (never the production one);"
                            + " also deletes the files no version of any model uses (left by a training that did not"
                            + " finish) once an hour old.")
    static final class Prune extends Base {

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "One model (default: all).")
        String name;

        @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N versions of each model.")
        Integer keep;

        @Option(names = "--days", paramLabel = "D", description = "Keep versions younger than D days.")
        Integer days;

        Prune(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            var retention = new Retention(keep, days == null ? null : Duration.ofDays(days));
            record Pruned(List<ModelVersion> versions, ModelRegistry.Swept files) {}
            var pruned = withAssay(a -> {
                var registry = a.models().registry();
                return new Pruned(registry.prune(name, retention), registry.sweep(ModelRegistry.UNUSED_FILES_GRACE));
            });
            var removed = pruned.versions();
            var swept = pruned.files();
            String text = removed.isEmpty()
                    ? (swept.files() > 0 ? "no version to prune\n" : "nothing to prune\n")
                    : "pruned "
                            + String.join(
                                    ", ", removed.stream().map(ModelVersion::id).toList()) + "\n";
            if (swept.files() > 0) {
                text += String.format(
                        Locale.ROOT,
                        "deleted %,d model file(s) no version uses (%,d bytes), left by trainings that did not finish\n",
                        swept.files(),
                        swept.bytes());
            }
            print(removed, text);
            return 0;
        }
    }

    @Command(
            name = "types",
            mixinStandardHelpOptions = true,
            description = "The model types, their tasks and hyperparameters.")
    static final class Types extends Base {
        Types(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            var json = new LinkedHashMap<String, Object>();
            var text = new StringBuilder();
            for (Trainer<?> t : ModelZoo.all()) {
                json.put(
                        t.name(),
                        Map.of(
                                "description",
                                t.description(),
                                "tasks",
                                t.tasks().stream()
                                        .map(io.assay.ml.Task::label)
                                        .sorted()
                                        .toList(),
                                "hyperparameters",
                                t.hyperparameters()));
                text.append(t.name()).append(": ").append(t.description()).append('\n');
                t.hyperparameters()
                        .forEach(h -> text.append("    ").append(h.describe()).append('\n'));
            }
            print(json, text.toString());
            return 0;
        }
    }
}
