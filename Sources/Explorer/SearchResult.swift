/// What a search concluded about the whole model or one property.
public enum Verdict: String, Sendable, Equatable {
  /// Every reachable state was seen and nothing was violated.
  case pass
  /// A reachable state violates a property.
  case fail
  /// A bound stopped the search before every state was seen and no
  /// violation was found: not a pass.
  case incomplete
}

/// Why the search stopped.
public enum Completion: Sendable, Equatable {
  case exhausted
  /// `maxStates` distinct states were stored and another one was found.
  case stateLimit
  /// Some state at `maxDepth` has a successor that was never stored.
  case depthLimit
  /// Storing more would have passed `maxBytes`, or memory ran out.
  case memoryLimit
  /// A `StopRequest` stopped the search.
  case interrupted
}

/// A path from an initial state: each step is the transition's label and
/// the state it leads to.
public struct Trace<State, Label> {
  public struct Step {
    public let label: Label
    public let state: State
    public init(label: Label, state: State) {
      self.label = label
      self.state = state
    }
  }
  public let initial: State
  public let steps: [Step]
  public var final: State { steps.last?.state ?? initial }

  public init(initial: State, steps: [Step]) {
    self.initial = initial
    self.steps = steps
  }
}

/// A property's verdict, with its counterexample when it failed.
public struct PropertyResult<State, Label> {
  public let name: String
  public let verdict: Verdict
  /// For a safety property, the shortest path to a violating state (among
  /// those of that length, the first in breadth-first order). For a
  /// liveness property or a deadlock, the lasso's prefix.
  public let counterexample: Trace<State, Label>?
  /// For a lasso: steps from the prefix's last state back to it, repeated
  /// for ever; empty when the path stays in that state for ever (no
  /// transition, or none it must take). Nil for a finite counterexample.
  public let cycle: [Trace<State, Label>.Step]?

  public init(
    name: String, verdict: Verdict, counterexample: Trace<State, Label>?,
    cycle: [Trace<State, Label>.Step]? = nil
  ) {
    self.name = name
    self.verdict = verdict
    self.counterexample = counterexample
    self.cycle = cycle
  }
}

/// How often each class of transition fired (self-loops included) and
/// how many new states it found (TLC's coverage).
public struct Coverage: Sendable, Equatable {
  public let names: [String]
  public internal(set) var fired: [Int]
  public internal(set) var newStates: [Int]

  @usableFromInline
  init(names: [String]) {
    self.names = names
    fired = Array(repeating: 0, count: names.count)
    newStates = Array(repeating: 0, count: names.count)
  }

  @usableFromInline
  mutating func record(_ c: Int, new: Bool) {
    fired[c] += 1
    if new { newStates[c] += 1 }
  }

  /// Classes that never fired: a guard that is never true, or a model
  /// that never gets there.
  public var neverFired: [String] { names.indices.filter { fired[$0] == 0 }.map { names[$0] } }
}

public struct SearchResult<State, Label> {
  /// Distinct states stored.
  public let states: Int
  /// Transitions generated from expanded states (self-loops excluded).
  public let transitions: Int
  /// The greatest distance from an initial state among stored states.
  public let depth: Int
  public let completion: Completion
  public let properties: [PropertyResult<State, Label>]
  public let seconds: Double
  /// Bytes held by the visited set, parent links and labels at the end.
  public let bytes: Int
  /// Per-class counts, when the search was asked for them.
  public var coverage: Coverage? = nil
  /// The explored graph, when the search was asked to keep it.
  public var graph: StateGraph<State, Label>? = nil
  /// The most bytes the queue of states to expand held (`FrontierSearch`;
  /// the graph search keeps every state, counted in `bytes`).
  public var queueBytes = 0
  /// Of `bytes`, what the kept transitions take (graph engine only).
  public var transitionBytes = 0
  /// The transitions kept: self-loops too, which `transitions` leaves
  /// out (fairness needs them: they say what is enabled).
  public var storedTransitions = 0
  /// With fingerprints stored instead of states: an estimate of the
  /// chance that two distinct reachable states shared a fingerprint, so
  /// that one of them (and what only it leads to) went unexplored.
  public var collisionProbability: Double? = nil

  /// The birthday bound over `states` stored fingerprints: optimistic,
  /// like TLC's, since the reachable states may be more than those
  /// stored.
  static func collisionEstimate(states: Int) -> Double {
    let d = Double(states)
    return d * (d - 1) / 2 / 0x1p64
  }

  public init(
    states: Int, transitions: Int, depth: Int, completion: Completion,
    properties: [PropertyResult<State, Label>], seconds: Double, bytes: Int
  ) {
    self.states = states
    self.transitions = transitions
    self.depth = depth
    self.completion = completion
    self.properties = properties
    self.seconds = seconds
    self.bytes = bytes
  }

  public var verdict: Verdict {
    if properties.contains(where: { $0.verdict == .fail }) { return .fail }
    return completion == .exhausted ? .pass : .incomplete
  }

  public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }
}

extension Coverage {
  /// Adds per-class counts of transitions fired.
  mutating func add(fired more: [Int]) {
    for c in more.indices { fired[c] += more[c] }
  }
}
