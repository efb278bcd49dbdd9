package dev.klas.maven;

import dev.klas.schema.InvalidAspectException;
import dev.klas.weaver.WeaveException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The base of the klas goals. {@link #execute()} is final: it honours {@code skip}, then runs the goal and maps
 * failures the user must fix (invalid aspect with its file:line:col, invalid input, missing gcc or kernel build
 * dir) to {@link MojoFailureException}, and everything else (a bug in klas) to {@link MojoExecutionException}.
 */
abstract class KlasMojo extends AbstractMojo {

    /** Skip this goal (also {@code -Dklas.skip}). */
    @Parameter(property = "klas.skip", defaultValue = "false")
    boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("klas: skipped (klas.skip)");
            return;
        }
        try {
            run();
        } catch (InvalidAspectException e) {
            throw new MojoFailureException("invalid aspect:\n" + e.getMessage(), e);
        } catch (WeaveException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (MojoFailureException e) {
            throw e;
        } catch (RuntimeException | MojoExecutionException e) {
            throw new MojoExecutionException("klas internal error: " + e, e);
        }
    }

    /** The goal's work. */
    abstract void run() throws WeaveException, InvalidAspectException, MojoFailureException, MojoExecutionException;
}
