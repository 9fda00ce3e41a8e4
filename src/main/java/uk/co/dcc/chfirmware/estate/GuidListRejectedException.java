package uk.co.dcc.chfirmware.estate;

import java.util.List;

/** A GUID list with problems; nothing of it was recorded. Lists the first problems line by line. */
public class GuidListRejectedException extends RuntimeException {

    private final List<GuidProblem> problems;
    private final long problemCount;

    public GuidListRejectedException(String message, List<GuidProblem> problems, long problemCount) {
        super(message);
        this.problems = List.copyOf(problems);
        this.problemCount = problemCount;
    }

    public List<GuidProblem> problems() {
        return problems;
    }

    public long problemCount() {
        return problemCount;
    }
}
