package dev.zklab.contracts.api;

import java.util.List;

/** A page of the run list, newest first: {@code total} runs match, of which these are page {@code page} of {@code size}. */
public record RunPage(List<RunSummary> items, int page, int size, int total) {}
