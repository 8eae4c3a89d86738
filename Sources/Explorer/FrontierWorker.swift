import Synchronization

/// One thread's share of a batch: the states it expands, the successors
/// it found (alone: those the visited set did not hold yet), and then the
/// ones of those that were new.
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
    let properties: [Property<State>]
    let violations: ((State) -> UInt64)?
    let stop: StopRequest?

    init(_ search: FrontierSearch<System>) {
      stop = search.stop
      system = search.system
      canonical = search.canonical
      checkDeadlock = search.checkDeadlock
      classOf = search.coverage?.classOf
      classes = search.coverage?.names.count ?? 0
      properties = search.properties
      violations = search.violations
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
  /// Per owner of shards, whether each of `byOwner[owner]` was new: set
  /// by that owner in the insert phase. A buffer per owner, not one flag
  /// array in candidate order, so that two owners never write the same
  /// cache line.
  var isNew: [Buffer<Bool>] = []
  var transitions = 0
  var cut = false
  var deadlock: Int? = nil
  var fired: [Int]
  /// A candidate as its inserting owner reads it: the entry, and the
  /// candidate's number. Owners stream these, not the whole candidates.
  struct Owned {
    let entry: Entry
    let index: Int32
  }
  /// Per owner of shards, the candidates it inserts (`assignOwners`).
  var byOwner: [Buffer<Owned>] = []
  /// The new states, in order (`collectNew`): whole, and their links.
  var fresh = Buffer<State>()
  var freshParents = Buffer<UInt32>()
  var freshOrdinals = Buffer<UInt8>()
  /// (position in `fresh`, ordinal) for ordinals of 255 and more.
  var freshBigOrdinals: [(Int, Int)] = []
  /// Coverage classes of the new states (only with coverage).
  var freshClasses = Buffer<Int32>()
  /// Per property, the first of `fresh` that violates it (of those the
  /// run still checks).
  var freshViolations: [Int?] = []

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
    for b in isNew { b.free() }
    for b in byOwner { b.free() }
    fresh.free()
    freshParents.free()
    freshOrdinals.free()
    freshClasses.free()
    recent.deinitialize(count: 1 << Self.recentBits)
    recent.deallocate()
  }

  /// Phase 1: expands the chunks of `states` it takes (numbered from
  /// `firstIndex`), keeping the successors `recent` does not hold (with
  /// one worker, only those `visited` does not hold, inserting them as it
  /// goes; with more, the owners look them up in phase 2). At the depth
  /// limit a missing successor only marks the search as cut. A worker
  /// takes chunks in increasing order, so its candidates are in batch
  /// order, and a `recent` hit always has an earlier occurrence in batch
  /// order.
  func expand(
    _ states: ChunkedArray<State>.Reader, _ chunks: Chunks, firstIndex: Int,
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
      // Once a stop is requested the rest of the batch is left unexpanded
      // (the run stops after it, incomplete): a batch can take seconds.
      while groupStart < span.upperBound, context.stop?.isRequested != true {
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
            let candidate = Candidate(
              state: key, hash: entry.hash, parent: parent, ordinal: ordinal, coverageClass: Int32(c))
            // With several workers, every one goes to the owner of its
            // shard, which looks it up once as it inserts it (a lookup
            // here as well, to send on only the ones not stored, was a
            // tenth of two threads' time).
            if owners > 1 && !atDepthLimit { return candidates.append(candidate) }
            visited.prefetch(entry.hash)
            successors.append(candidate)
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
          } else if visited.insert(entry) {
            // Alone, a worker inserts as it goes.
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
  }

  /// Phase 2, with more than one worker: inserts this worker's candidates
  /// `byOwner[owner][cursor...]` numbered below `end` (the rest of one
  /// chunk), marking the ones that were new; returns the new cursor. The
  /// owner of a shard calls this chunk by chunk, in batch order.
  func insert(into visited: VisitedSet<Entry>, owner: Int, from cursor: Int, below end: Int) -> Int {
    let isNew = self.isNew[owner]
    let mine = byOwner[owner]
    // Far enough ahead that the slot is in the cache when its turn comes.
    let ahead = 16
    var k = cursor
    while k < mine.count && Int(mine[k].index) < end {
      if k + ahead < mine.count { visited.prefetchRun(mine[k + ahead].entry.hash) }
      isNew[k] = visited.insert(mine[k].entry)
      k += 1
    }
    return k
  }

  /// Sorts the candidates by the owner of their shard, in order, so that
  /// in the insert phase each owner reads only its own.
  func assignOwners(_ owners: Int) {
    guard owners > 1 else { return }
    while byOwner.count < owners { byOwner.append(Buffer()) }
    while isNew.count < owners { isNew.append(Buffer()) }
    var byOwner = self.byOwner
    for o in 0..<owners { byOwner[o].removeAll() }
    let candidates = self.candidates
    for i in 0..<candidates.count {
      let c = candidates[i]
      byOwner[owner(of: c, owners)].append(Owned(entry: Entry(c.state, fingerprint: c.hash), index: Int32(i)))
    }
    self.byOwner = byOwner
    for o in 0..<owners { isNew[o].fill(byOwner[o].count, with: false) }
  }

  /// Which of `owners` inserts `c`: shards are dealt out in runs.
  @inline(__always)
  func owner(of c: Candidate, _ owners: Int) -> Int {
    VisitedSet<Entry>.shard(of: c.hash) * owners / VisitedSet<Entry>.shardCount
  }

  /// Phase 3: gathers the new candidates, in order, for the run to append,
  /// and checks the properties `pending` on them.
  func collectNew(coverage: Bool, owners: Int, checking pending: [Int]) {
    // Locals in the loop, as in `expand`: no exclusivity check per append.
    var (fresh, parents, ordinals, classes) = (self.fresh, freshParents, freshOrdinals, freshClasses)
    fresh.removeAll()
    parents.removeAll()
    ordinals.removeAll()
    classes.removeAll()
    freshBigOrdinals.removeAll(keepingCapacity: true)
    freshEnds.removeAll(keepingCapacity: true)
    // Alone, the worker inserted every candidate itself, as new. Else
    // each owner's flags are in candidate order: one cursor per owner.
    var next = [Int](repeating: 0, count: owners)
    let (candidates, isNew) = (self.candidates, self.isNew)
    var i = 0
    for (_, end) in done {
      while i < end {
        let c = candidates[i]
        var new = true
        if owners > 1 {
          let o = owner(of: c, owners)
          new = isNew[o][next[o]]
          next[o] += 1
        }
        if new {
          if c.ordinal >= 255 { freshBigOrdinals.append((fresh.count, Int(c.ordinal))) }
          fresh.append(c.state)
          parents.append(c.parent)
          ordinals.append(UInt8(min(c.ordinal, 255)))
          if coverage { classes.append(c.coverageClass) }
        }
        i += 1
      }
      freshEnds.append(fresh.count)
    }
    (self.fresh, freshParents, freshOrdinals, freshClasses) = (fresh, parents, ordinals, classes)
    checkProperties(pending)
  }

  /// Here, not on the run's copy: each worker checks the states it just
  /// wrote, in its own cache, and all workers at once. Property by
  /// property, so that each predicate is fetched (and its context
  /// retained) once, not once per state: threads that retain one object
  /// contend for its reference count.
  func checkProperties(_ pending: [Int]) {
    var found = [Int?](repeating: nil, count: context.properties.count)
    let fresh = self.fresh
    if let violations = context.violations {
      // All at once, state by state, until each pending one has failed.
      var open = pending.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
      for k in 0..<fresh.count where open != 0 {
        var failed = violations(fresh[k]) & open
        open &= ~failed
        while failed != 0 {
          found[failed.trailingZeroBitCount] = k
          failed &= failed &- 1
        }
      }
      freshViolations = found
      return
    }
    for p in pending {
      let holds = context.properties[p].holds
      for k in 0..<fresh.count where !holds(fresh[k]) {
        found[p] = k
        break
      }
    }
    freshViolations = found
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
