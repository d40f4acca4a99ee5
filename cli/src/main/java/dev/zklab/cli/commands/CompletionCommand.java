package dev.zklab.cli.commands;

import dev.zklab.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zklab completion}: a shell completion script for every command and option. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description =
                "A completion script for bash (zsh reads it too, after bashcompinit): commands, options and their values."
                        + " It completes both zklab (on the PATH) and ./zklab.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(./zklab completion bash)",
            "  ./zklab completion bash \\",
            "    > ~/.local/share/bash-completion/completions/zklab"
        })
public class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    enum Shell {
        bash,
        zsh
    }

    @Override
    public Integer call() {
        String script = AutoComplete.bash("zklab", spec.root().commandLine());
        System.out.print(script);
        // ./zklab, the repository's wrapper, is the same command under another name.
        System.out.println("complete -F _complete_zklab -o default ./zklab");
        return ExitCodes.OK;
    }
}
