import Synchronization

/// One thread's share of a batch: the states it expands, the successors
/// it found that the visited set did not hold yet, and then the ones of
/// those that were new.
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

  /// Successors of a group of states, prefetched, before the lookup.
  var successors = Buffer<Candidate>()
  /// Candidates, in the order found.
  var candidates = Buffer<Candidate>()
  /// The chunks this worker expanded, in order, each with the count of
  /// candidates once it was done (and later, of new states).
  var done: [(chunk: Int, candidatesEnd: Int)] = []
  var freshEnds: [Int] = []
  /// Set by the owner of each candidate's shard in the insert phase.
  var isNew = Buffer<Bool>()
  var transitions = 0
  var cut = false
  var deadlock: Int? = nil
  var fired: [Int]
  /// Per owner of shards, the candidates it inserts (`assignOwners`).
  var byOwner: [Buffer<Int32>] = []
  /// The new states, in order (`collectNew`): whole, and their links.
  var fresh = Buffer<State>()
  var freshParents = Buffer<UInt32>()
  var freshOrdinals = Buffer<UInt8>()
  /// (position in `fresh`, ordinal) for ordinals of 255 and more.
  var freshBigOrdinals: [(Int, Int)] = []
  /// Coverage classes of the new states (only with coverage).
  var freshClasses = Buffer<Int32>()

  /// Entries this worker looked up lately, direct-mapped by hash: a
  /// state's successors and its siblings' often coincide (two orders of
  /// the same two steps, or a step undone), and a hit here saves a lookup
  /// that would miss the cache. Every entry is stored or about to be:
  /// found in the set, or a candidate that the insert phase adds.
  let recent: UnsafeMutablePointer<Entry>
  /// 2^14 entries: 128 KiB of fingerprints, well inside a core's L2.
  static var recentBits: Int { 14 }
  /// States whose successors are looked up together.
  static var group: Int { 32 }

  init(_ context: Context) {
    self.context = context
    fired = Array(repeating: 0, count: context.classes)
    recent = .allocate(capacity: 1 << Self.recentBits)
    recent.initialize(repeating: .empty, count: 1 << Self.recentBits)
  }

  deinit {
    successors.free()
    candidates.free()
    isNew.free()
    for b in byOwner { b.free() }
    fresh.free()
    freshParents.free()
    freshOrdinals.free()
    freshClasses.free()
    recent.deinitialize(count: 1 << Self.recentBits)
    recent.deallocate()
  }

  /// Phase 1: expands the chunks of `states` it takes (numbered from
  /// `firstIndex`), keeping the successors `visited` does not hold (and,
  /// with one worker, inserting them). At the depth limit a missing
  /// successor only marks the search as cut. A worker takes chunks in
  /// increasing order, so its candidates are in batch order, and a
  /// `recent` hit always has an earlier occurrence in batch order.
  func expand(
    _ states: UnsafeBufferPointer<State>, _ chunks: Chunks, firstIndex: Int,
    visited: VisitedSet<Entry>, atDepthLimit: Bool, owners: Int
  ) {
    // Locals, not properties, in the hot loop: no exclusivity checks, no
    // reference counting.
    var candidates = self.candidates
    candidates.removeAll()
    var fired: [Int] = []
    swap(&fired, &self.fired)
    for c in fired.indices { fired[c] = 0 }
    var deadlock: Int? = nil
    var transitions = 0
    var cut = false
    let system = context.system
    let canonical = context.canonical
    let classOf = context.classOf
    let recent = self.recent
    let mask = 1 << Self.recentBits - 1
    var successors = self.successors
    done.removeAll()
    while let chunk = chunks.next() {
      let span = chunks.range(chunk)
      var groupStart = span.lowerBound
      while groupStart < span.upperBound {
        let groupEnd = min(span.upperBound, groupStart + Self.group)
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
            let entry = Entry(key, fingerprint: key.fingerprint)
            let r = Int(truncatingIfNeeded: entry.hash) & mask
            if recent[r] == entry { return }
            recent[r] = entry
            visited.prefetch(entry.hash)
            successors.append(
              Candidate(state: key, hash: entry.hash, parent: parent, ordinal: ordinal, coverageClass: Int32(c)))
          }
          if ordinal == 0 && context.checkDeadlock && deadlock == nil
            && !system.isProperEnd(current)
          {
            deadlock = firstIndex + i
          }
        }
        for k in 0..<successors.count {
          let c = successors[k]
          let entry = Entry(c.state, fingerprint: c.hash)
          if atDepthLimit {
            if !visited.contains(entry) { cut = true }
          } else if owners == 1 {
            // Alone, a worker may insert as it goes: the insert phase would
            // only look the candidates up a second time.
            if visited.insert(entry) { candidates.append(c) }
          } else if !visited.contains(entry) {
            candidates.append(c)
          }
        }
        successors.removeAll()
        groupStart = groupEnd
      }
      done.append((chunk, candidates.count))
    }
    self.candidates = candidates
    self.successors = successors
    self.fired = fired
    assignOwners(owners)
    (self.transitions, self.cut, self.deadlock) = (transitions, cut, deadlock)
    isNew.fill(candidates.count, with: owners == 1)
  }

  /// Phase 2, with more than one worker: inserts this worker's candidates
  /// `byOwner[owner][cursor...]` numbered below `end` (the rest of one
  /// chunk), marking the ones that were new; returns the new cursor. The
  /// owner of a shard calls this chunk by chunk, in batch order.
  func insert(into visited: VisitedSet<Entry>, owner: Int, from cursor: Int, below end: Int) -> Int {
    let candidates = self.candidates
    let isNew = self.isNew
    let mine = byOwner[owner]
    // Far enough ahead that the slot is in the cache when its turn comes.
    let ahead = 16
    var k = cursor
    while k < mine.count && Int(mine[k]) < end {
      if k + ahead < mine.count { visited.prefetch(candidates[Int(mine[k + ahead])].hash) }
      let i = Int(mine[k])
      let c = candidates[i]
      isNew[i] = visited.insert(Entry(c.state, fingerprint: c.hash))
      k += 1
    }
    return k
  }

  /// Sorts the candidates' numbers by the owner of their shard, in order,
  /// so that in the insert phase each owner reads only its own.
  func assignOwners(_ owners: Int) {
    guard owners > 1 else { return }
    while byOwner.count < owners { byOwner.append(Buffer()) }
    for o in 0..<owners { byOwner[o].removeAll() }
    let shards = VisitedSet<Entry>.shardCount
    for i in 0..<candidates.count {
      byOwner[VisitedSet<Entry>.shard(of: candidates[i].hash) * owners / shards].append(Int32(i))
    }
  }

  /// Phase 3: gathers the new candidates, in order, for the run to append.
  func collectNew(coverage: Bool) {
    fresh.removeAll()
    freshParents.removeAll()
    freshOrdinals.removeAll()
    freshBigOrdinals.removeAll(keepingCapacity: true)
    freshClasses.removeAll()
    freshEnds.removeAll(keepingCapacity: true)
    var i = 0
    for (_, end) in done {
      while i < end {
        if isNew[i] {
          let c = candidates[i]
          if c.ordinal >= 255 { freshBigOrdinals.append((fresh.count, Int(c.ordinal))) }
          fresh.append(c.state)
          freshParents.append(c.parent)
          freshOrdinals.append(UInt8(min(c.ordinal, 255)))
          if coverage { freshClasses.append(c.coverageClass) }
        }
        i += 1
      }
      freshEnds.append(fresh.count)
    }
  }
}

/// A batch's states cut into chunks that workers take in turn: a worker
/// that finishes early takes more, so no worker waits long for another.
/// Each worker gets increasing chunk numbers.
final class Chunks: Sendable {
  let range: Range<Int>
  let count: Int
  let taken = Atomic<Int>(0)

  init(_ range: Range<Int>, count: Int) {
    self.range = range
    self.count = max(1, min(count, range.count))
  }

  func next() -> Int? {
    let c = taken.wrappingAdd(1, ordering: .relaxed).oldValue
    return c < count ? c : nil
  }

  func range(_ c: Int) -> Range<Int> {
    let part = slice(range.count, count, c)
    return (range.lowerBound + part.lowerBound)..<(range.lowerBound + part.upperBound)
  }
}
