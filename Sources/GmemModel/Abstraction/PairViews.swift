import Explorer
import Synchronization

/// The every-size abstraction by views of two subpages: for the designs
/// whose cap-1 search (`AbstractFolios` explored state by state) is too
/// big to finish, because with subpages untied nearly every set of keys
/// occurs (docs/semantics.md, "Views of two subpages").
///
/// A *view* of an abstract state is its globals and marks with at most
/// two of its occupied keys. This computes the least set V of views that
/// holds the initial state's and is closed under the abstraction's own
/// transitions run on V's *parts*: the globals and marks of a view with
/// a set of keys every pair of which is a view (a clique), namely every
/// *core* of at most three keys with all its steps, and, for one step,
/// each part that adds to a part of it a key that flips the first of
/// the step's subpage tests it flips (`RecordingState`), none flipping
/// an earlier one. A step of any state V stands for is then the same
/// step of one of its parts (the keys of the view it makes, the acting
/// key, and one witness per test the larger state's step found a
/// subpage with), so every abstract state reachable in the cap-1 search
/// has all its views in V; docs/semantics.md gives the argument. The properties
/// are checked on every part; a violation there is no counterexample,
/// only no proof.
///
/// One folio only (a part of two folios would need a key in each).
public final class PairViews {
  let abstraction: AbstractFolios
  var entries: [Entry] = []
  var index: [Globals: Int] = [:]
  /// Per entry: the parts its last traversal expanded (with all their
  /// steps, or one; only if `keepsExpanded`), the parts checked, and its
  /// version (one more each time it grows) and the version its last
  /// traversal read.
  var expanded: [Set<Expanded>] = []
  /// Keep `expanded`, for a test that rebuilds V from it (about a
  /// quarter of the memory of a large run).
  var keepsExpanded = false
  var checked: [Set<KeySet>] = []
  var versions: [Int] = []
  var traversed: [Int] = []
  /// The largest core: the keys of a view and the acting key.
  public static let coreSize = 3

  public init(_ abstraction: AbstractFolios) {
    precondition(abstraction.folios == 1, "views of two subpages model one folio")
    self.abstraction = abstraction
  }

  /// How the computation ended.
  public enum Completion: Sendable, Equatable {
    /// V is closed: a proof for what no part violates.
    case closed
    /// A step tested a range that is neither the folio nor a subpage
    /// kept exactly: views cannot follow it.
    case untracedTest
    /// A representative or the key table had no room.
    case overflow
    /// `maxParts` expansions were made first.
    case maxParts
    /// The tables would have passed `maxBytes`.
    case memoryLimit
    /// A round ended with violations on parts that leave nothing to
    /// prove (`hopeless`).
    case violated
    case interrupted
  }

  public struct Result: Sendable {
    public var completion: Completion
    /// Values of the globals and marks, occupied keys and pairs of keys
    /// in V (summed over the globals).
    public var globals = 0
    public var keys = 0
    public var pairs = 0
    /// Parts of the final V (a part and a step, with the keys excluded),
    /// expansions made in all (an entry's parts are expanded again when
    /// it grows), rounds to the fixpoint.
    public var parts = 0
    public var expansions = 0
    public var rounds = 0
    /// The most keys a part added to its core (witnesses), and the most
    /// keys a part had.
    public var witnesses = 0
    public var largestPart = 0
    /// Bit i: property i failed on some part.
    public var violated: UInt64 = 0
    public var seconds = 0.0
    /// The most bytes the entries and the sets of parts held at once
    /// (`Budget`).
    public var bytes = 0

    /// Every property whose bit is clear holds for every N >= 2 (if a
    /// part of at most `coreSize` keys shows its violations).
    public var isProof: Bool { completion == .closed }
  }

  /// A part expanded with all its steps (`step` nil) or one.
  struct Expanded: Hashable {
    var part: KeySet
    var step: StepID?
  }

  /// A part visited in a round: for one step, with the keys no larger
  /// state it stands for holds (they would flip a test that state's step
  /// did not find a subpage with).
  struct Visit: Hashable {
    var part: KeySet
    var step: StepID?
    var excluded: KeySet
  }

  /// Runs to the fixpoint on `threads` threads. `violations` gives the
  /// properties a part fails, as bits, and `stepViolations` those a step
  /// of a part fails (the model, the action and the representative
  /// before it: the steps a part is expanded with, all for a core, one
  /// for a part with witnesses); `stop` is polled between expansions.
  /// All are called from every thread at once. `hopeless`, asked after
  /// each round with the properties violated so far, ends the run when
  /// no proof is worth its rest; after a round, so that the counts stay
  /// the same on any number of threads. `maxBytes` bounds the parts the
  /// entries and traversals hold (`Budget`).
  public func run(
    threads: Int = 1, maxParts: Int? = nil, maxBytes: Int? = nil, stop: () -> Bool = { false },
    hopeless: (UInt64) -> Bool = { _ in false },
    stepViolations: ((GuestMemfd, Action, WideState) -> UInt64)? = nil,
    violations: (AbstractState) -> UInt64
  ) -> Result {
    let start = ContinuousClock.now
    var result = Result(completion: .closed)
    var initial: [Globals: Entry] = [:]
    for a in abstraction.initialStates() { Self.add(a, to: &initial) }
    merge([initial])
    var stopped: Completion? = nil
    var last: [Job] = []
    let budget = Budget(maxParts: maxParts, maxBytes: maxBytes)
    budget.charge(Entry.bytes * entries.count)
    // Each round traverses the entries that grew since their last
    // traversal, each as the round found it (the views its parts' steps
    // add are merged after the round, for the next): the rounds, and so
    // every count, are the same on any number of threads. An entry that
    // did not grow would expand the same parts again, to the same views.
    while stopped == nil {
      last += (last.count..<entries.count).map { Job(entry: $0) }
      // Largest first, by their last traversal: the threads end together.
      let due = entries.indices.filter { versions[$0] != traversed[$0] }
        .sorted { (last[$0].parts, $1) > (last[$1].parts, $0) }
      if due.isEmpty { break }
      result.rounds += 1
      var jobs = due.map { i in
        traversed[i] = versions[i]
        var job = Job(entry: i)
        swap(&job.checked, &checked[i])
        return job
      }
      let workers = max(1, min(threads, jobs.count))
      var deltas = [[Globals: Entry]](repeating: [:], count: workers)
      let next = Atomic<Int>(0)
      jobs.withUnsafeMutableBufferPointer { jobs in
        deltas.withUnsafeMutableBufferPointer { deltas in
          let shared = Unchecked((jobs, deltas))
          parallel(workers) { w in
            while case let j = next.wrappingAdd(1, ordering: .relaxed).oldValue, j < shared.value.0.count {
              traverse(&shared.value.0[j], into: &shared.value.1[w], budget, stop, stepViolations, violations)
            }
          }
        }
      }
      for var job in jobs {
        let i = job.entry
        swap(&checked[i], &job.checked)
        swap(&expanded[i], &job.expanded)
        job.expanded = []
        result.expansions += job.expansions
        result.violated |= job.violated
        if job.untraced { result.completion = .untracedTest }
        stopped = stopped ?? job.stopped
        last[i] = job
      }
      let before = entries.count
      merge(deltas)
      budget.charge(Entry.bytes * (entries.count - before))
      let closed = entries.indices.allSatisfy { versions[$0] == traversed[$0] }
      if stopped == nil && !closed && hopeless(result.violated) { stopped = .violated }
    }
    result.parts = last.reduce(0) { $0 + $1.parts }
    result.witnesses = last.reduce(0) { max($0, $1.witnesses) }
    result.largestPart = last.reduce(0) { max($0, $1.largestPart) }
    if let stopped, result.completion == .closed { result.completion = stopped }
    if abstraction.overflow.isSet || abstraction.keyTable.full.load(ordering: .relaxed) {
      result.completion = .overflow
    }
    result.globals = entries.count
    for e in entries {
      result.keys += e.keyCount
      result.pairs += e.pairCount
    }
    result.seconds = (ContinuousClock.now - start).seconds
    result.bytes = budget.peak.load(ordering: .relaxed)
    return result
  }

  /// One entry's traversal in a round, by one thread, and what it found.
  struct Job {
    let entry: Int
    /// The parts checked, in this traversal and before.
    var checked = Set<KeySet>()
    var expanded = Set<Expanded>()
    var parts = 0
    var expansions = 0
    var witnesses = 0
    var largestPart = 0
    var violated: UInt64 = 0
    var untraced = false
    var stopped: Completion? = nil
  }

  /// The expansions made, on every thread, against `maxParts`, and the
  /// bytes the entries and the sets of parts hold, against `maxBytes`
  /// (counted as the sets grow: the hash tables' storage, not the
  /// allocator's overhead).
  final class Budget: Sendable {
    let maxParts: Int?
    let maxBytes: Int
    let made = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
    let peak = Atomic<Int>(0)
    /// `stop` said so once: every later job stops at its first expansion,
    /// not at the next 1,024th of the shared count.
    let interrupted = Atomic<Bool>(false)

    init(maxParts: Int?, maxBytes: Int?) {
      self.maxParts = maxParts
      self.maxBytes = maxBytes ?? .max
    }

    /// Takes one expansion: why not, if a bound or `stop` says so.
    func take(_ stop: () -> Bool) -> Completion? {
      let n = made.wrappingAdd(1, ordering: .relaxed).oldValue
      if let maxParts, n >= maxParts { return .maxParts }
      if bytes.load(ordering: .relaxed) > maxBytes { return .memoryLimit }
      if interrupted.load(ordering: .relaxed) { return .interrupted }
      guard n & 0x3FF == 0 && stop() else { return nil }
      interrupted.store(true, ordering: .relaxed)
      return .interrupted
    }

    /// Counts `n` bytes more (fewer, if negative). Called as a set grows,
    /// a few dozen times a set: the maximum costs nothing.
    func charge(_ n: Int) {
      let now = bytes.add(n, ordering: .relaxed).newValue
      _ = peak.max(now, ordering: .relaxed)
    }

    /// Inserts `element` into `set`, counting the storage it grows by.
    func insert<T: Hashable>(_ element: T, into set: inout Set<T>) -> Bool {
      let capacity = set.capacity
      let inserted = set.insert(element).inserted
      if set.capacity != capacity { charge((set.capacity - capacity) * MemoryLayout<T>.stride) }
      return inserted
    }
  }

  /// Expands every part of `job`'s entry (every core with all its steps,
  /// and the parts its steps' witnesses add), into `delta`.
  func traverse(
    _ job: inout Job, into delta: inout [Globals: Entry], _ budget: Budget, _ stop: () -> Bool,
    _ stepViolations: ((GuestMemfd, Action, WideState) -> UInt64)?, _ violations: (AbstractState) -> UInt64
  ) {
    let e = entries[job.entry]
    let recorder = RecordingState.Recorder()
    recorder.check = stepViolations
    defer { job.violated |= recorder.checkBits }
    var visited = Set<Visit>()
    defer { budget.charge(-visited.capacity * MemoryLayout<Visit>.stride) }
    func visit(_ part: KeySet, _ step: StepID?, excluding excluded: KeySet, within candidates: KeySet, added: Int)
      -> Bool
    {
      guard budget.insert(Visit(part: part, step: step, excluded: excluded), into: &visited) else { return true }
      job.witnesses = max(job.witnesses, added)
      job.largestPart = max(job.largestPart, part.popCount)
      job.stopped = budget.take(stop)
      if job.stopped != nil { return false }
      job.expansions += 1
      if keepsExpanded { job.expanded.insert(Expanded(part: part, step: step)) }
      for (id, tests) in expand(part, step, e, recorder, &job, &delta, budget, violations) {
        // A larger state whose step first finds a subpage where this
        // part's found none at test j holds none of the keys that would
        // flip an earlier test.
        var earlier = KeySet()
        for flippers in tests {
          var witnesses = flippers.intersection(candidates).subtracting(earlier).subtracting(excluded)
          while let w = witnesses.popFirst() {
            guard
              visit(
                part.inserting(w), id, excluding: excluded.union(earlier),
                within: candidates.intersection(e.pairs[w]), added: added + 1)
            else { return false }
          }
          earlier = earlier.union(flippers)
        }
      }
      return true
    }
    e.forEachClique(upTo: Self.coreSize) { core, candidates in
      visit(core, nil, excluding: KeySet(), within: candidates, added: 0)
    }
    job.parts = visited.count
    job.untraced = recorder.untraced
  }

  /// Checks `part` of entry `e` if it was not, and adds the views of its
  /// successors by `step` (all if nil) to `delta`; what its steps' tests
  /// recorded.
  func expand(
    _ part: KeySet, _ step: StepID?, _ e: Entry, _ recorder: RecordingState.Recorder, _ job: inout Job,
    _ delta: inout [Globals: Entry], _ budget: Budget, _ violations: (AbstractState) -> UInt64
  ) -> [(id: StepID, tests: [KeySet])] {
    let a = e.state(part, abstraction.keyTable)
    if budget.insert(part, into: &job.checked) {
      job.violated |= violations(a)
    }
    var candidates: [(number: Int, page: Subpage)] = []
    e.singles.subtracting(part).forEach { k in candidates.append((k, Subpage(raw: abstraction.keyTable.pair(k).key))) }
    recorder.reset(candidates: candidates, only: step)
    abstraction.forEachSuccessor(of: a, recorder: recorder) { _, b in Self.add(b, to: &delta) }
    return recorder.steps
  }

  /// Merges the views the threads' traversals (or the initial states)
  /// added, new values of the globals in their order (the same on any
  /// number of threads).
  func merge(_ deltas: [[Globals: Entry]]) {
    var new: [Globals: Entry] = [:]
    for delta in deltas {
      for (g, d) in delta {
        if let i = index[g] {
          if entries[i].merge(d) { versions[i] += 1 }
        } else {
          _ = new[g, default: Entry(globals: g)].merge(d)
        }
      }
    }
    for (g, d) in new.sorted(by: { ($0.key.global, $0.key.marks) < ($1.key.global, $1.key.marks) }) {
      index[g] = entries.count
      entries.append(d)
      expanded.append([])
      checked.append([])
      versions.append(1)
      traversed.append(-1)
    }
  }

  /// Whether every view of `a` is in V (after `run`): whether `a` is in
  /// what V stands for.
  public func contains(_ a: AbstractState) -> Bool {
    guard let i = index[Globals(global: a.global, marks: a.marks)] else { return false }
    let e = entries[i]
    let keys = KeySet(bits: a.occupied)
    var inside = true
    keys.forEach { k in
      if !e.singles.contains(k) || keys.removing(k).subtracting(e.pairs[k]).any { inside = false }
    }
    return inside
  }

  /// Adds every view of `b` to `delta`, which `merge` adds to V.
  static func add(_ b: AbstractState, to delta: inout [Globals: Entry]) {
    let g = Globals(global: b.global, marks: b.marks)
    _ = delta[g, default: Entry(globals: g)].add(b.occupied)
  }
}

extension PairViews {
  struct Globals: Hashable {
    var global: UInt64
    var marks: UInt64
  }

  /// The views with one value of the globals and marks: which keys occur
  /// (`singles`) and which occur together (`pairs[k]`, k's partners).
  struct Entry {
    let globals: Globals
    var singles = KeySet()
    var pairs = [KeySet](repeating: KeySet(), count: KeyTable.capacity)

    init(globals: Globals) { self.globals = globals }

    var keyCount: Int { singles.popCount }

    var pairCount: Int {
      var twice = 0
      singles.forEach { twice += pairs[$0].popCount }
      return twice / 2
    }

    /// What an entry holds: its keys' partners.
    static let bytes = KeyTable.capacity * MemoryLayout<KeySet>.stride

    /// Adds the views of `other`; whether any was new.
    mutating func merge(_ other: Entry) -> Bool {
      var new = other.singles.subtracting(singles).any
      singles = singles.union(other.singles)
      other.singles.forEach { k in
        if other.pairs[k].subtracting(pairs[k]).any {
          pairs[k] = pairs[k].union(other.pairs[k])
          new = true
        }
      }
      return new
    }

    /// Adds the views of a state with these globals and `occupied` keys;
    /// whether any was new.
    mutating func add(_ occupied: SIMD4<UInt64>) -> Bool {
      let set = KeySet(bits: occupied)
      var new = set.subtracting(singles).any
      singles = singles.union(set)
      set.forEach { k in
        let partners = set.removing(k)
        if partners.subtracting(pairs[k]).any {
          pairs[k] = pairs[k].union(partners)
          new = true
        }
      }
      return new
    }

    /// The part of these globals with `keys`.
    func state(_ keys: KeySet, _ table: KeyTable) -> AbstractState {
      var a = AbstractState()
      a.global = globals.global
      a.marks = globals.marks
      keys.forEach { a.insert($0, table) }
      return a
    }

    /// Calls `body` with every clique of at most `size` keys (the empty
    /// one too), and the keys that extend it to a larger clique, until it
    /// returns false.
    func forEachClique(upTo size: Int, _ body: (KeySet, KeySet) -> Bool) {
      var going = body(KeySet(), singles)
      func extend(_ chosen: KeySet, _ candidates: KeySet, _ after: KeySet, _ count: Int) {
        guard count < size else { return }
        var rest = after
        while going, let k = rest.popFirst() {
          let next = chosen.inserting(k)
          let remaining = candidates.intersection(pairs[k]).removing(k)
          going = body(next, remaining)
          extend(next, remaining, rest.intersection(pairs[k]), count + 1)
        }
      }
      if going { extend(KeySet(), singles, singles, 0) }
    }
  }
}

extension PairViews {
  /// A self-check of the claim a proof rests on (after `run`): the states
  /// of at most `size` keys that V stands for (every clique, not only the
  /// parts), and how many of their successors are outside V (none, if
  /// the argument holds). Exponential in `size`: for tests and audits.
  public func successorsOutside(
    cliquesUpTo size: Int, _ report: (AbstractState, AbstractStep, AbstractState) -> Void = { _, _, _ in }
  ) -> (states: Int, outside: Int) {
    var states = 0
    var outside = 0
    for e in entries {
      e.forEachClique(upTo: size) { keys, _ in
        states += 1
        let a = e.state(keys, abstraction.keyTable)
        abstraction.forEachSuccessor(of: a) { step, b in
          if !contains(b) {
            outside += 1
            report(a, step, b)
          }
        }
        return true
      }
    }
    return (states, outside)
  }
}
