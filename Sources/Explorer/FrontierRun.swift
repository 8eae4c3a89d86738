/// One run of a `FrontierSearch`: the visited set, the trace links, the
/// frontier, and the verdicts so far.
struct FrontierRun<System: TransitionSystem, Entry: VisitedEntry> where Entry.State == System.State {
  typealias State = System.State
  typealias Label = System.Label

  let search: FrontierSearch<System>
  let workers: [FrontierWorker<System, Entry>]
  /// What the visited set, links, levels and workers' scratch may take.
  let budget: MemoryBudget
  let visited: VisitedSet<Entry>
  /// Per stored state, in breadth-first order: the parent's number (or
  /// `root` for an initial state) and which of the parent's transitions,
  /// counting self-loops, led here (for a root, which initial state).
  let parents = ChunkedArray<UInt32>()
  let ordinals = ChunkedArray<UInt8>()
  /// Ordinals of 255 and more, which are rare.
  var bigOrdinals: [Int: Int] = [:]
  static var root: UInt32 { .max }

  let clock = ContinuousClock()
  let start: ContinuousClock.Instant
  var lastReport: ContinuousClock.Instant
  var initial: [State] = []
  /// The level being expanded and the next, in chunks: a level can be
  /// gigabytes, and an array would hold two copies while it grows.
  var level = ChunkedArray<State>()
  var next = ChunkedArray<State>()
  var levelStart = 0
  var depth = 0
  var deepest = 0
  var transitions = 0
  var completion = Completion.exhausted
  var cutByDepth = false
  var firstViolation: [Int?]
  var firstDeadlock: Int? = nil
  var coverage: Coverage?
  var peakQueueBytes = 0

  init(_ search: FrontierSearch<System>) {
    self.search = search
    budget = MemoryBudget(limit: search.limits.maxBytes)
    visited = VisitedSet(budget: budget)
    let context = FrontierWorker<System, Entry>.Context(search)
    workers = (0..<max(1, search.threads)).map { _ in FrontierWorker(context) }
    firstViolation = Array(repeating: nil, count: search.properties.count)
    coverage = search.coverage.map { Coverage(names: $0.names) }
    start = clock.now
    lastReport = start
  }

  var count: Int { parents.count }

  func canonical(_ s: State) -> State { search.canonical?(s) ?? s }

  mutating func store(_ state: State, parent: UInt32, ordinal: Int) {
    let i = count
    parents.append(parent)
    ordinals.append(UInt8(min(ordinal, 255)))
    if ordinal >= 255 { bigOrdinals[i] = ordinal }
    next.append(state)
  }

  func ordinal(_ i: Int) -> Int {
    let o = Int(ordinals[i])
    return o == 255 ? bigOrdinals[i]! : o
  }

  mutating func explore() {
    initial = search.system.initialStates()
    allowGrowth()
    for (k, s) in initial.enumerated() {
      let c = canonical(s)
      if count >= search.limits.maxStates, !visited.contains(Entry(c, fingerprint: c.fingerprint)) {
        completion = .stateLimit
        break
      }
      guard reserveLinks(1, filler: c) else {
        completion = .memoryLimit
        break
      }
      if visited.insert(Entry(c, fingerprint: c.fingerprint)) {
        store(c, parent: Self.root, ordinal: k)
      }
    }
    checkInitialStates()
    swap(&level, &next)
    while !level.isEmpty, completion == .exhausted {
      let atDepthLimit = search.limits.maxDepth.map { depth >= $0 } ?? false
      var batch = 0
      while batch < level.count, completion == .exhausted {
        let end = min(level.count, batch + search.batchSize)
        expand(batch..<end, atDepthLimit: atDepthLimit)
        checkStops()
        allowGrowth()
        batch = end
        report(queue: level.count - batch + next.count)
      }
      peakQueueBytes = max(peakQueueBytes, queueBytes)
      levelStart += level.count
      // Its chunks are kept, so the next level fills memory already
      // mapped instead of faulting in new pages.
      level.removeAll()
      swap(&level, &next)
      depth += 1
      if !level.isEmpty { deepest = depth }
    }
    if completion == .exhausted, cutByDepth { completion = .depthLimit }
  }

  var queueBytes: Int { level.bytes + next.bytes }

  /// Makes room for `n` more states' links and queue entries, if the
  /// budget allows it and the system has the memory (new chunks only:
  /// most appends fit in the last one). `filler` fills new chunks.
  func reserveLinks(_ n: Int, filler: State) -> Bool {
    guard budget.reserve(next.bytesToAppend(n) + parents.bytesToAppend(n) + ordinals.bytesToAppend(n))
    else { return false }
    let total = count + n
    guard next.reserve(next.count + n, filler: filler), parents.reserve(total, filler: 0),
      ordinals.reserve(total, filler: 0)
    else {
      budget.markExceeded()
      return false
    }
    return true
  }

  /// Before a batch: each shard of the visited set may grow by an equal
  /// part of what the budget has left, less room for the old tables that
  /// growing shards hold for a moment (one a thread, a fifth more than
  /// the biggest).
  func allowGrowth() {
    let moving = workers.count * visited.largestShardBytes * 6 / 5
    visited.allow((budget.limit - budget.bytes - moving) / VisitedSet<Entry>.shardCount)
  }

  /// After a batch: the search stops if the budget is spent or a stop
  /// was requested. (Workers' scratch, bounded by the batch size, is not
  /// counted: the default budget leaves room for it.)
  mutating func checkStops() {
    guard completion == .exhausted else { return }
    if budget.isExceeded {
      completion = .memoryLimit
    } else if search.stop?.isRequested == true {
      completion = .interrupted
    }
  }

  /// Expands `range` of the current level: the three phases.
  mutating func expand(_ range: Range<Int>, atDepthLimit: Bool) {
    let n = workers.count
    let workers = self.workers
    let visited = self.visited
    let base = levelStart
    // One chunk alone; with more workers, enough that an unlucky last
    // chunk costs little.
    let chunks = Chunks(range, count: n == 1 ? 1 : 32 * n)
    level.withReader { states in
      parallel(n) { w in
        workers[w].expand(
          states, chunks, firstIndex: base, visited: visited, atDepthLimit: atDepthLimit, owners: n)
      }
    }
    for worker in workers {
      transitions += worker.transitions
      cutByDepth = cutByDepth || worker.cut
      if let d = worker.deadlock { firstDeadlock = min(firstDeadlock ?? d, d) }
      if coverage != nil { coverage!.add(fired: worker.fired) }
    }
    if atDepthLimit { return }
    // Who expanded each chunk, and where its candidates end.
    var expandedBy = [(worker: Int, turn: Int)](repeating: (0, 0), count: chunks.count)
    for (w, worker) in workers.enumerated() {
      for (turn, d) in worker.done.enumerated() { expandedBy[d.chunk] = (w, turn) }
    }
    if n > 1 {
      parallel(n) { owner in
        var cursors = [Int](repeating: 0, count: n)
        for (w, turn) in expandedBy {
          let end = workers[w].done[turn].candidatesEnd
          cursors[w] = workers[w].insert(into: visited, owner: owner, from: cursors[w], below: end)
        }
      }
    }
    let counting = coverage != nil
    let pending = search.properties.indices.filter { firstViolation[$0] == nil }
    parallel(n) { w in workers[w].collectNew(coverage: counting, owners: n, checking: pending) }
    // Per worker, its turns' new states as appended: the first of `fresh`,
    // the end of what was taken, and the number of `fresh[0]`.
    var appended = [[(start: Int, end: Int, offset: Int)]](repeating: [], count: n)
    for (w, turn) in expandedBy {
      let worker = workers[w]
      let start = turn == 0 ? 0 : worker.freshEnds[turn - 1]
      let end = worker.freshEnds[turn]
      let take = min(end - start, search.limits.maxStates - count)
      guard take == 0 || reserveLinks(take, filler: worker.fresh[start]) else {
        completion = .memoryLimit
        break
      }
      let offset = count - start
      next.append(contentsOf: worker.fresh.slice(start, start + take))
      parents.append(contentsOf: worker.freshParents.slice(start, start + take))
      ordinals.append(contentsOf: worker.freshOrdinals.slice(start, start + take))
      for (k, o) in worker.freshBigOrdinals where k >= start && k < start + take { bigOrdinals[offset + k] = o }
      appended[w].append((start, start + take, offset))
      if counting {
        for k in start..<(start + take) { coverage!.newStates[Int(worker.freshClasses[k])] += 1 }
      }
      if take < end - start {
        completion = .stateLimit
        break
      }
    }
    // A worker's new states are numbered in its order, so its first
    // violation that was appended is its first in number.
    for p in pending {
      for (w, worker) in workers.enumerated() {
        guard let k = worker.freshViolations[p],
          let turn = appended[w].first(where: { k >= $0.start && k < $0.end })
        else { continue }
        firstViolation[p] = min(firstViolation[p] ?? .max, turn.offset + k)
      }
    }
  }

  /// Checks the properties on the initial states (the workers check the
  /// states they find).
  mutating func checkInitialStates() {
    for p in search.properties.indices {
      firstViolation[p] = (0..<next.count).first { search.violates(next[$0], p) }
    }
  }

  mutating func report(queue: Int) {
    guard let progress = search.progress else { return }
    let now = clock.now
    guard now - lastReport >= search.progressInterval else { return }
    lastReport = now
    progress(
      SearchProgress(
        states: count, transitions: transitions, queue: queue, depth: depth,
        seconds: (now - start).seconds, bytes: storedBytes + queueBytes))
  }

  var storedBytes: Int { visited.bytes + parents.bytes + ordinals.bytes }
}
