package dev.zklab.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A page as people see it: rendered by headless Chromium (Debian's {@code chromium}, which ./zklab test
 * installs when missing) from a file — its DOM after rendering, what the console said, a screenshot and
 * a print to PDF. A fresh profile each time; no network is asked for (the page has no external resources).
 */
final class HeadlessChromium {

    /** What Chromium made of the page. */
    record Rendered(String dom, List<String> console, Path screenshot, Path pdf) {}

    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");

    private HeadlessChromium() {}

    static Rendered render(Path page, String name) throws IOException, InterruptedException {
        Path out = page.getParent();
        Path screenshot = out.resolve(name + ".png");
        Path pdf = out.resolve(name + ".pdf");
        String dom = run(
                out,
                "dom",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                page.toUri().toString());
        List<String> console = Files.readAllLines(out.resolve("chromium-dom.err")).stream()
                .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught"))
                .toList();
        run(
                out,
                "screenshot",
                "--window-size=1100,1500",
                "--screenshot=" + screenshot,
                page.toUri().toString());
        run(
                out,
                "pdf",
                "--no-pdf-header-footer",
                "--print-to-pdf=" + pdf,
                page.toUri().toString());
        return new Rendered(dom, console, screenshot, pdf);
    }

    private static String run(Path out, String what, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + Files.createTempDirectory(out, "chromium-profile-"));
        command.addAll(List.of(args));
        Path stdout = out.resolve("chromium-" + what + ".out");
        Path stderr = out.resolve("chromium-" + what + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium (" + what + ") did not finish within 90 s; see " + stderr);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    "chromium (" + what + ") failed with exit code " + process.exitValue() + "; see " + stderr);
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("chromium is missing: ./zklab test installs it (apt-get install chromium); "
                + "the report page is tested in it");
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
