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
  /// A successor not yet known to be stored: the state (canonical), its
  /// hash, the parent's number, the transition's ordinal and coverage
  /// class.
  struct Candidate {
    let state: State
    let hash: UInt64
    let parent: UInt32
    let ordinal: Int32
    let coverageClass: Int32
  }

  /// Candidates, in the order found.
  var candidates: [Candidate] = []
  /// Set by the owner of each candidate's shard in the insert phase.
  var isNew = UnsafeMutableBufferPointer<Bool>(start: nil, count: 0)
  var transitions = 0
  var cut = false
  var deadlock: Int? = nil
  var fired: [Int]
  /// Per owner of shards, the candidates it inserts (`assignOwners`).
  var byOwner: [[Int32]] = []
  /// Where the prefetching loads go, so that they are not optimised away.
  var sink: UInt64 = 0
  /// States whose successors are looked up together.
  static var group: Int { 32 }

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
    visited: VisitedSet<Entry>, atDepthLimit: Bool, owners: Int
  ) {
    // Locals, not properties, in the hot loop: no exclusivity checks, no
    // reference counting.
    var candidates = take(&self.candidates)
    var fired: [Int] = []
    swap(&fired, &self.fired)
    for c in fired.indices { fired[c] = 0 }
    var deadlock: Int? = nil
    var transitions = 0
    var cut = false
    let system = context.system
    let canonical = context.canonical
    let classOf = context.classOf
    // Successors of a group of states, before the lookup.
    var successors: [Candidate] = []
    var sink: UInt64 = 0
    var groupStart = from
    while groupStart < to {
      let groupEnd = min(to, groupStart + Self.group)
      for i in groupStart..<groupEnd {
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
          successors.append(
            Candidate(state: key, hash: key.fingerprint, parent: parent, ordinal: ordinal, coverageClass: Int32(c)))
        }
        if ordinal == 0 && context.checkDeadlock && deadlock == nil
          && !system.isProperEnd(current)
        {
          deadlock = firstIndex + i
        }
      }
      // The lookups miss the cache, mostly: touching every home slot
      // first, in a loop with no branches to mispredict, lets the
      // processor wait for many misses at once.
      for c in successors { sink ^= visited.peek(c.hash) }
      for c in successors where !visited.contains(Entry(c.state, fingerprint: c.hash)) {
        if atDepthLimit {
          cut = true
          continue
        }
        candidates.append(c)
      }
      successors.removeAll(keepingCapacity: true)
      groupStart = groupEnd
    }
    self.sink = sink
    (self.candidates, self.fired) = (candidates, fired)
    assignOwners(owners)
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
    if owners == 1 {
      for (i, c) in candidates.enumerated() { isNew[i] = visited.insert(Entry(c.state, fingerprint: c.hash)) }
      return
    }
    for i in byOwner[owner] {
      let c = candidates[Int(i)]
      isNew[Int(i)] = visited.insert(Entry(c.state, fingerprint: c.hash))
    }
  }

  /// Sorts the candidates' numbers by the owner of their shard, in order,
  /// so that in the insert phase each owner reads only its own.
  func assignOwners(_ owners: Int) {
    guard owners > 1 else { return }
    if byOwner.count != owners { byOwner = Array(repeating: [], count: owners) }
    for o in 0..<owners { byOwner[o].removeAll(keepingCapacity: true) }
    let shards = VisitedSet<Entry>.shardCount
    for (i, c) in candidates.enumerated() {
      byOwner[VisitedSet<Entry>.shard(of: c.hash) * owners / shards].append(Int32(i))
    }
  }
}
