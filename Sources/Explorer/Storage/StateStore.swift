/// The graph engine's states by number: which number a state has, and the
/// states not yet expanded. Exact, it keeps every state whole in a
/// `StateTable` (what a drawing needs); else a `FingerprintStore` keeps a
/// fingerprint and a number a state, and each state whole only until it
/// is expanded (the liveness pass makes again the few states it needs:
/// `StateGraph.state`). One type with a flag, not a protocol: the search
/// that uses it must be specialised for the model from another module,
/// which cross-module optimisation did not do through a generic store.
struct StateStore<State: Fingerprinted> {
  let exact: Bool
  var table: StateTable<State>
  var fingerprints: FingerprintStore<State>

  init(exact: Bool) {
    self.exact = exact
    table = StateTable(capacity: exact ? 1 << 12 : 1)
    fingerprints = FingerprintStore()
  }

  var count: Int { exact ? table.count : fingerprints.count }

  /// What the store holds.
  var bytes: Int { exact ? table.bytes : fingerprints.bytes }

  /// What `n` more states could make it allocate on top (0 when there is
  /// room).
  func growthBytes(adding n: Int) -> Int {
    exact ? table.growthBytes(adding: n) : fingerprints.growthBytes(adding: n)
  }

  /// Adds `state` unless present: its number, and whether it is new; nil
  /// if the store could not grow (the search stops, out of memory).
  @inline(__always)
  mutating func insert(_ state: State, fingerprint: UInt64) -> (index: Int, inserted: Bool)? {
    if exact { return table.insert(state, fingerprint: fingerprint) }
    return fingerprints.insert(state, fingerprint: fingerprint)
  }

  func find(_ state: State, fingerprint: UInt64) -> Int? {
    exact ? table.find(state, fingerprint: fingerprint) : fingerprints.find(fingerprint)
  }

  @inline(__always)
  func prefetch(_ fingerprint: UInt64) {
    if exact { table.prefetch(fingerprint) } else { fingerprints.prefetch(fingerprint) }
  }

  /// Lookups from several threads while nobody inserts.
  struct Reader {
    let table: StateTable<State>.Reader?
    let fingerprints: VisitedSet<NumberedEntry>

    @inline(__always)
    func find(_ state: State, fingerprint: UInt64) -> Int? {
      if let table { return table.find(state, fingerprint: fingerprint) }
      return FingerprintStore<State>.number(of: fingerprint, in: fingerprints)
    }

    /// Loads what a lookup of `fingerprint` reads first, for one a little
    /// later; then (`prefetchState`) what it reads second.
    @inline(__always)
    func prefetch(_ fingerprint: UInt64) {
      if let table { table.prefetch(fingerprint) } else { FingerprintStore<State>.prefetch(fingerprint, in: fingerprints) }
    }

    @inline(__always)
    func prefetchState(_ fingerprint: UInt64) { table?.prefetchState(fingerprint) }
  }

  /// Runs `body` with a reader and the states numbered `range` (not
  /// released), from several threads; nothing may insert meanwhile.
  func withReader<R>(_ range: Range<Int>, _ body: (Reader, UnsafeBufferPointer<State>) -> R) -> R {
    if exact {
      return table.withReader { reader, states in
        body(Reader(table: reader, fingerprints: fingerprints.index), UnsafeBufferPointer(rebasing: states[range]))
      }
    }
    return fingerprints.queue.withUnsafeBufferPointer { q in
      let base = fingerprints.queueBase
      let part = UnsafeBufferPointer(rebasing: q[(range.lowerBound - base)..<(range.upperBound - base)])
      return body(Reader(table: nil, fingerprints: fingerprints.index), part)
    }
  }

  /// A state not released yet.
  func pending(_ i: Int) -> State { exact ? table.states[i] : fingerprints.queue[i - fingerprints.queueBase] }

  /// The states numbered below `i` are expanded: the store may let go of
  /// them.
  mutating func release(below i: Int) {
    if !exact { fingerprints.release(below: i) }
  }

  /// Every state in order, when the store keeps them whole.
  var allStates: [State]? { exact ? table.states : nil }
}

/// A fingerprint and a state's number, 12 bytes: the 64-bit fingerprint
/// in two halves (two 32-bit fields, so that the stride is 12, not 16).
/// Entries are equal when their fingerprints are.
struct NumberedEntry: VisitedEntry {
  typealias State = Void
  let high: UInt32
  let low: UInt32
  let number: UInt32

  init(_ state: State, fingerprint: UInt64) { self.init(fingerprint: fingerprint, number: 0) }

  init(fingerprint: UInt64, number: UInt32) {
    let f = Self.hash(fingerprint)
    (high, low, self.number) = (UInt32(truncatingIfNeeded: f >> 32), UInt32(truncatingIfNeeded: f), number)
  }

  /// A fingerprint as the set hashes it (0 marks an empty slot).
  static func hash(_ fingerprint: UInt64) -> UInt64 { fingerprint == 0 ? 1 : fingerprint }

  static var empty: Self { NumberedEntry(zero: ()) }
  init(zero: Void) { (high, low, number) = (0, 0, 0) }

  var hash: UInt64 { UInt64(high) << 32 | UInt64(low) }

  static func == (a: Self, b: Self) -> Bool { a.high == b.high && a.low == b.low }
}

/// States by fingerprint: the frontier engine's visited set, with each
/// state's number beside its fingerprint (about 14-16 bytes a state, the
/// set being 73-87% full), and the states still to expand in a queue.
/// Two states with one fingerprint count as one, as in the frontier
/// engine; the search reports the chance of that.
struct FingerprintStore<State> {
  typealias Entry = NumberedEntry
  let index = VisitedSet<Entry>(maxLoadEighths: 7)
  var count = 0
  /// The states numbered `queueBase...`, not yet released.
  var queue: [State] = []
  var queueBase = 0

  var bytes: Int { index.bytes + queue.nominalBytes }

  func growthBytes(adding n: Int) -> Int {
    index.growthBytes(adding: n) + queue.nominalGrowth(adding: n)
  }

  @inline(__always)
  mutating func insert(_ state: State, fingerprint: UInt64) -> (index: Int, inserted: Bool)? {
    guard count < Int(UInt32.max) else { return nil }
    let entry = Entry(fingerprint: fingerprint, number: UInt32(count))
    if let found = index.insertOrFind(entry) {
      // The set hands back the entry it refused when it could not grow.
      return Int(found.number) == count ? nil : (Int(found.number), false)
    }
    queue.append(state)
    count += 1
    return (count - 1, true)
  }

  func find(_ fingerprint: UInt64) -> Int? { Self.number(of: fingerprint, in: index) }

  func prefetch(_ fingerprint: UInt64) { Self.prefetch(fingerprint, in: index) }

  /// A lookup and its prefetch in the index alone (what threads share).
  @inline(__always)
  static func number(of fingerprint: UInt64, in index: VisitedSet<Entry>) -> Int? {
    index.member(Entry(fingerprint: fingerprint, number: 0)).map { Int($0.number) }
  }

  @inline(__always)
  static func prefetch(_ fingerprint: UInt64, in index: VisitedSet<Entry>) {
    index.prefetchRun(Entry.hash(fingerprint))
  }

  mutating func release(below i: Int) {
    // In halves, so that each state moves at most about once.
    let done = i - queueBase
    guard done > 4096, done * 2 > queue.count else { return }
    queue.removeFirst(done)
    queueBase = i
  }
}
