/// One thread's share of a batch: the states it expands, and the
/// successors it found that the visited set did not hold yet.
final class FrontierWorker<System: TransitionSystem, Entry: VisitedEntry>: @unchecked Sendable
where Entry.State == System.State {
  typealias State = System.State
  typealias Label = System.Label

  /// What every worker reads and nobody writes during a search.
  struct Context {
    let system: System
    let canonical: ((State) -> State)?
    let checkDeadlock: Bool
    let classOf: ((Label) -> Int)?
    let classes: Int

    init(_ search: FrontierSearch<System>) {
      system = search.system
      canonical = search.canonical
      checkDeadlock = search.checkDeadlock
      classOf = search.coverage?.classOf
      classes = search.coverage?.names.count ?? 0
    }
  }

  let context: Context
  // Candidates, in the order found: the state (canonical), its hash, the
  // parent's number, the transition's ordinal and coverage class.
  var candidates: [State] = []
  var hashes: [UInt64] = []
  var parents: [UInt32] = []
  var ordinals: [Int32] = []
  var classes: [Int32] = []
  /// Set by the owner of each candidate's shard in the insert phase.
  var isNew = UnsafeMutableBufferPointer<Bool>(start: nil, count: 0)
  var transitions = 0
  var cut = false
  var deadlock: Int? = nil
  var fired: [Int]

  init(_ context: Context) {
    self.context = context
    fired = Array(repeating: 0, count: context.classes)
  }

  deinit { isNew.deallocate() }

  /// Phase 1: expands `states[from..<to]` (numbered from `firstIndex`),
  /// keeping the successors `visited` does not hold. At the depth limit a
  /// missing successor only marks the search as cut.
  func expand(
    _ states: UnsafeBufferPointer<State>, _ from: Int, _ to: Int, firstIndex: Int,
    visited: VisitedSet<Entry>, atDepthLimit: Bool
  ) {
    // Locals, not properties, in the hot loop: no exclusivity checks, no
    // reference counting.
    var candidates = take(&self.candidates)
    var hashes = take(&self.hashes)
    var parents = take(&self.parents)
    var ordinals = take(&self.ordinals)
    var classes = take(&self.classes)
    var fired: [Int] = []
    swap(&fired, &self.fired)
    for c in fired.indices { fired[c] = 0 }
    var deadlock: Int? = nil
    var transitions = 0
    var cut = false
    let system = context.system
    let canonical = context.canonical
    let classOf = context.classOf
    for i in from..<to {
      let current = states[i]
      let parent = UInt32(firstIndex + i)
      var ordinal: Int32 = 0
      system.forEachSuccessor(of: current) { label, next in
        defer { ordinal += 1 }
        let c = classOf.map { $0(label) } ?? 0
        if classOf != nil { fired[c] += 1 }
        if next == current { return }
        transitions += 1
        let key = canonical?(next) ?? next
        let hash = key.fingerprint
        if visited.contains(Entry(key, fingerprint: hash)) { return }
        if atDepthLimit {
          cut = true
          return
        }
        candidates.append(key)
        hashes.append(hash)
        parents.append(parent)
        ordinals.append(ordinal)
        classes.append(Int32(c))
      }
      if ordinal == 0 && context.checkDeadlock && deadlock == nil
        && !system.isProperEnd(current)
      {
        deadlock = firstIndex + i
      }
    }
    (self.candidates, self.hashes, self.parents) = (candidates, hashes, parents)
    (self.ordinals, self.classes, self.fired) = (ordinals, classes, fired)
    (self.transitions, self.cut, self.deadlock) = (transitions, cut, deadlock)
    if isNew.count < candidates.count {
      isNew.deallocate()
      isNew = .allocate(capacity: max(candidates.count, 2 * isNew.count))
    }
  }

  /// Empties `array`, keeping its capacity, and hands it over.
  private func take<T>(_ array: inout [T]) -> [T] {
    var taken: [T] = []
    swap(&taken, &array)
    taken.removeAll(keepingCapacity: true)
    return taken
  }

  /// Phase 2: inserts the candidates whose shard `owner` (of `owners`)
  /// owns, in order, and marks the ones that were new.
  func insert(into visited: VisitedSet<Entry>, owner: Int, of owners: Int) {
    let shards = VisitedSet<Entry>.shardCount
    for i in candidates.indices {
      let hash = hashes[i]
      guard VisitedSet<Entry>.shard(of: hash) * owners / shards == owner else { continue }
      isNew[i] = visited.insert(Entry(candidates[i], fingerprint: hash))
    }
  }
}
