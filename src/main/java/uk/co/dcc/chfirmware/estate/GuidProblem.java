package uk.co.dcc.chfirmware.estate;

/** What is wrong with one line of a submitted GUID list. */
public record GuidProblem(int line, String guid, String reason) {
}
