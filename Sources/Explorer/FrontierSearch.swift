/// Breadth-first safety checking that keeps only the frontier whole.
///
/// Each stored state costs its visited-set entry (a 64-bit fingerprint, or
/// the whole state with `exact`) plus a 4-byte parent and a 1-byte
/// successor ordinal: enough to rebuild any trace by re-running the
/// successor function from the initial state. Only the level being
/// expanded and the next one are kept as states.
///
/// With `canonical` (symmetry reduction) every state is stored in its
/// canonical form; traces are rebuilt on the original, unreduced states,
/// so they show the user's own numbering and replay step by step.
///
/// Levels are expanded in batches, in three phases: workers expand
/// chunks of the batch, each taking the next chunk when done with one,
/// and look successors up (read-only), keeping one copy of each;
/// then each worker inserts the new candidates of the shards it owns,
/// visiting candidates in batch order; then new states are numbered in
/// batch order. Every number, verdict and trace is therefore the same for
/// any thread count: the one a sequential breadth-first search gives. (A
/// single worker inserts as it looks up, which numbers the same way.)
public struct FrontierSearch<System: TransitionSystem> {
  public typealias State = System.State
  public typealias Label = System.Label

  public let system: System
  public let properties: [Property<State>]
  /// Report a state with no enabled transition that is not a proper end.
  public let checkDeadlock: Bool
  public let limits: SearchLimits
  /// Symmetry reduction: maps a state to the representative of its class.
  /// Properties, deadlock and proper ends must not tell apart states of a
  /// class, and the successors of equivalent states must be equivalent.
  public var canonical: ((State) -> State)? = nil
  /// Store whole states instead of fingerprints.
  public var exact = false
  /// Worker threads (at least 1).
  public var threads = 1
  /// Transition classes to count (`Coverage`), if any.
  public var coverage: (names: [String], classOf: (Label) -> Int)? = nil
  /// Called on the calling thread about once every `progressInterval`.
  public var progress: ((SearchProgress) -> Void)? = nil
  public var progressInterval: Duration = .seconds(1)
  /// States expanded between synchronisations of the workers.
  public var batchSize = 1 << 15
  /// Checked after every batch: once requested, the search stops there.
  public var stop: StopRequest? = nil
  /// Every property of a state at once, bit p set when `properties[p]`
  /// fails: for a model whose checks share costly work a state (the
  /// every-size abstraction builds a concrete representative for them).
  /// When set, the properties' own `holds` are not called. At most 64
  /// properties.
  public var violations: ((State) -> UInt64)? = nil

  /// The name deadlock is reported under, after the properties.
  public static var deadlockName: String { "Deadlock" }

  public init(
    system: System, properties: [Property<State>], checkDeadlock: Bool = false,
    limits: SearchLimits = .init()
  ) {
    self.system = system
    self.properties = properties
    self.checkDeadlock = checkDeadlock
    self.limits = limits
  }

  /// Runs the search. O(states × transitions per state) time.
  public func run() -> SearchResult<State, Label> {
    exact ? run(ExactEntry<State>.self) : run(FingerprintEntry<State>.self)
  }

  /// Whether `state` violates `properties[p]`, by `violations` if set.
  func violates(_ state: State, _ p: Int) -> Bool {
    if let violations { return violations(state) >> UInt64(p) & 1 != 0 }
    return !properties[p].holds(state)
  }

  func run<Entry: VisitedEntry>(_: Entry.Type) -> SearchResult<State, Label>
  where Entry.State == State {
    precondition(violations == nil || properties.count <= 64, "violations: more than 64 properties")
    var run = FrontierRun<System, Entry>(self)
    run.explore()
    return run.result()
  }
}

/// A snapshot of a running search, for a progress line.
public struct SearchProgress: Sendable {
  /// Distinct states stored so far.
  public let states: Int
  /// Transitions generated so far (self-loops excluded).
  public let transitions: Int
  /// States waiting to be expanded.
  public let queue: Int
  /// The level being expanded.
  public let depth: Int
  public let seconds: Double
  /// Bytes of the visited set, the trace links and the queue.
  public let bytes: Int
}

extension Duration {
  /// The duration in seconds, as the searches report it.
  public var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}
