/// The every-size abstraction by views of two subpages: for the designs
/// whose cap-1 search (`AbstractFolios` explored state by state) is too
/// big to finish, because with subpages untied nearly every set of keys
/// occurs (docs/semantics.md, "Views of two subpages").
///
/// A *view* of an abstract state is its globals and marks with at most
/// two of its occupied keys. This computes the least set V of views that
/// holds the initial state's and is closed under the abstraction's own
/// transitions run on every *sub-state* of V: the globals and marks of
/// one view with a set of at most `size` keys every pair of which is a
/// view (a clique). Every abstract state reachable in the cap-1 search
/// then has all its views in V, provided a step's outcome for a view is
/// reproduced by a sub-state holding the view's keys, the acting key and
/// one witness per subpage test that found a subpage: `size` is raised
/// until it is at least the witnesses counted (`WitnessCount`) + 3 on the
/// steps it enumerated, which then bounds every state's
/// (docs/semantics.md gives the argument). The properties are checked on
/// every sub-state; a violation there is no counterexample, only no proof.
///
/// One folio only (a sub-state of two folios would need a key in each).
public final class PairViews {
  let abstraction: AbstractFolios
  var entries: [Entry] = []
  var index: [Globals: Int] = [:]
  /// The sub-state size the steps' witnesses asked for past which the
  /// computation stops without a proof (`Completion.witnessBound`).
  public static let largestSize = 8

  public init(_ abstraction: AbstractFolios) {
    precondition(abstraction.folios == 1, "views of two subpages model one folio")
    self.abstraction = abstraction
  }

  /// How the computation ended.
  public enum Completion: Sendable, Equatable {
    /// V is closed at a sub-state size the witness bound certifies.
    case closed
    /// A step needed more witnesses than `largestSize` allows.
    case witnessBound
    /// A representative or the key table had no room.
    case overflow
    /// `maxSubStates` expansions were made first.
    case maxSubStates
    case interrupted
  }

  public struct Result: Sendable {
    public var completion: Completion
    /// Values of the globals and marks, occupied keys and pairs of keys
    /// in V (summed over the globals).
    public var globals = 0
    public var keys = 0
    public var pairs = 0
    /// Sub-states of the final V (each expanded and checked at least once),
    /// and expansions made in all (some sub-states more than once).
    public var subStates = 0
    public var expansions = 0
    public var rounds = 0
    /// The largest sub-state (keys), and the most tests that found a
    /// subpage in one step, on an unmarked subpage and otherwise.
    public var size = 3
    public var actingWitnesses = 0
    public var otherWitnesses = 0
    /// Bit i: property i failed on some sub-state, the first of them in
    /// `failures[i]`.
    public var violated: UInt64 = 0
    public var failures: [Int: AbstractState] = [:]
    public var seconds = 0.0

    /// Every property whose bit is clear holds for every N >= 2.
    public var isProof: Bool { completion == .closed }
  }

  /// Runs to the fixpoint. `violations` gives the properties a sub-state
  /// fails, as bits; `stop` is polled between expansions.
  public func run(
    maxSubStates: Int? = nil, stop: () -> Bool = { false }, violations: (AbstractState) -> UInt64
  ) -> Result {
    var result = Result(completion: .closed)
    let start = ContinuousClock.now
    let witnesses = WitnessCount()
    for a in abstraction.initialStates() { add(a) }
    while true {
      result.rounds += 1
      var cliques = 0
      // Snapshot: this round enumerates V as it stood, and what it adds
      // is the next round's fresh part.
      let snapshot = entries
      for i in entries.indices { entries[i].clearAdded() }
      for e in snapshot {
        var stopped: Completion? = nil
        e.forEachClique(upTo: result.size) { keys, fresh in
          cliques += 1
          guard fresh else { return true }
          if let limit = maxSubStates, result.expansions >= limit {
            stopped = .maxSubStates
          } else if result.expansions & 0x3FF == 0 && stop() {
            stopped = .interrupted
          }
          if stopped != nil { return false }
          result.expansions += 1
          let a = e.state(keys, abstraction.keyTable)
          let bad = violations(a)
          if bad & ~result.violated != 0 {
            for i in 0..<64 where bad >> UInt64(i) & 1 != 0 && result.failures[i] == nil {
              result.failures[i] = a
            }
            result.violated |= bad
          }
          abstraction.forEachSuccessor(of: a, witnesses: witnesses) { _, b in add(b) }
          return true
        }
        if let stopped {
          result.completion = stopped
          return finish(result, witnesses, since: start)
        }
      }
      result.subStates = cliques
      if entries.contains(where: \.hasAdded) { continue }
      let needed = max(witnesses.acting + 3, witnesses.other + 2, result.size)
      if needed == result.size { break }
      if needed > Self.largestSize {
        result.completion = .witnessBound
        break
      }
      // Every sub-state of the new size is new.
      result.size = needed
      for i in entries.indices { entries[i].created = true }
    }
    if abstraction.overflow.isSet || abstraction.keyTable.full.load(ordering: .relaxed) {
      result.completion = .overflow
    }
    return finish(result, witnesses, since: start)
  }

  func finish(_ r: Result, _ w: WitnessCount, since start: ContinuousClock.Instant) -> Result {
    var r = r
    let elapsed = ContinuousClock.now - start
    r.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    r.actingWitnesses = w.acting
    r.otherWitnesses = w.other
    r.globals = entries.count
    for e in entries {
      r.keys += e.singles.popCount
      r.pairs += e.pairCount
    }
    return r
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

  /// Adds every view of `b`.
  func add(_ b: AbstractState) {
    let g = Globals(global: b.global, marks: b.marks)
    let i: Int
    if let known = index[g] {
      i = known
    } else {
      i = entries.count
      index[g] = i
      entries.append(Entry(globals: g))
    }
    entries[i].add(b.occupied)
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
    /// What the current round added, fresh in the next.
    var created = true
    var addedSingles = KeySet()
    var addedPairs = [KeySet](repeating: KeySet(), count: KeyTable.capacity)

    init(globals: Globals) { self.globals = globals }

    var hasAdded: Bool { created || addedSingles.any || addedPairs.contains(where: \.any) }

    var pairCount: Int {
      var twice = 0
      singles.forEach { twice += pairs[$0].popCount }
      return twice / 2
    }

    mutating func clearAdded() {
      created = false
      addedSingles = KeySet()
      for k in addedPairs.indices where addedPairs[k].any { addedPairs[k] = KeySet() }
    }

    mutating func add(_ occupied: SIMD4<UInt64>) {
      let set = KeySet(bits: occupied)
      let newSingles = set.subtracting(singles)
      singles = singles.union(set)
      addedSingles = addedSingles.union(newSingles)
      set.forEach { k in
        let partners = set.removing(k)
        let new = partners.subtracting(pairs[k])
        if new.any {
          pairs[k] = pairs[k].union(new)
          addedPairs[k] = addedPairs[k].union(new)
        }
      }
    }

    /// The sub-state of these globals with `keys`.
    func state(_ keys: KeySet, _ table: KeyTable) -> AbstractState {
      var a = AbstractState()
      a.global = globals.global
      a.marks = globals.marks
      keys.forEach { a.insert($0, table) }
      return a
    }

    /// Calls `body` with every clique of at most `size` keys (the empty
    /// one too) and whether it holds a view this round has not expanded
    /// (`fresh`), until it returns false. This entry is a snapshot at the
    /// round's start: `added*` are the previous round's additions.
    func forEachClique(upTo size: Int, _ body: (KeySet, Bool) -> Bool) {
      var going = body(KeySet(), created)
      func extend(_ chosen: KeySet, _ candidates: KeySet, _ count: Int, _ fresh: Bool) {
        guard count < size else { return }
        var rest = candidates
        while going, let k = rest.popFirst() {
          let isFresh = fresh || addedSingles.contains(k) || addedPairs[k].intersects(chosen)
          let next = chosen.inserting(k)
          going = body(next, isFresh)
          extend(next, rest.intersection(pairs[k]), count + 1, isFresh)
        }
      }
      if going { extend(KeySet(), singles, 0, created) }
    }
  }
}
