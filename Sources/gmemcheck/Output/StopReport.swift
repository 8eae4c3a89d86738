import Explorer

/// Why a search stopped before it saw every state, in the words the text
/// and JSON reports share, and what to try next.
extension CheckRun {
  /// The summary's line under `search:`, or nil for a search that ran to
  /// the end.
  var stopLine: String? {
    switch result.completion {
    case .exhausted: nil
    case .stateLimit: "stopped by --max-states \(grouped(limits.maxStates)): not every state was seen"
    case .depthLimit: "stopped by --max-depth \(limits.maxDepth!): states lie deeper"
    case .memoryLimit:
      "stopped by --max-memory \(mebibytes(limits.maxBytes ?? 0)): "
        + (sawEveryState ? "no room to check liveness" : "not every state was seen")
    case .interrupted: "interrupted: " + (sawEveryState ? "liveness was not checked" : "not every state was seen")
    }
  }

  /// Whether a stopped search had seen every state (and stopped in the
  /// liveness check): only then does a property pass.
  var sawEveryState: Bool { result.properties.contains { $0.verdict == .pass } }

  /// What to try when the memory budget stopped the search.
  var memoryHint: String? {
    guard result.completion == .memoryLimit else { return nil }
    switch engine {
    case .graph(let symmetry, let exact, _, let reason):
      let first = exact && !reason.hasPrefix("--dot") ? "drop --exact, " : symmetry ? "" : "drop --no-symmetry, "
      return first + "check safety alone (--property NAME),"
        + " a smaller model (--set subpages=N), or give --max-states"
    case .frontier(let symmetry, let exact, _):
      let first = exact ? "drop --exact" : symmetry ? "" : "drop --no-symmetry"
      return (first.isEmpty ? "" : first + ", ") + "check a smaller model (--set subpages=N),"
        + " or give --max-states or a larger --max-memory"
    }
  }

  /// The reason in the result line of an incomplete run.
  var incompleteReason: String {
    switch result.completion {
    case .memoryLimit: "the memory budget ran out"
    case .interrupted: "interrupted"
    default: "a bound stopped the search"
    }
  }

  /// The JSON report's `completion`.
  var completionName: String {
    switch result.completion {
    case .exhausted: "exhausted"
    case .stateLimit: "maxStates"
    case .depthLimit: "maxDepth"
    case .memoryLimit: "maxMemory"
    case .interrupted: "interrupted"
    }
  }
}
