/// What the semantics read and write of a state: subpages by index, the
/// closed flag, each vCPU's request and each folio's layout.
///
/// `GmemState` is the checker's packed state (15 subpages at most);
/// `WideState` holds the representatives the every-size abstraction runs
/// the same semantics on (more subpages than one packed state has lanes).
/// The transitions are generic over it so that there is one copy of them.
public protocol ModelState {
  subscript(subpage p: Int) -> Subpage { get set }
  var closed: Bool { get set }
  func request(_ v: Int) -> Request?
  mutating func setRequest(_ v: Int, _ request: Request?)
  /// Some vCPU has a request pending.
  var anyRequestPending: Bool { get }
  func layout(ofFolio f: Int) -> Layout
  mutating func setLayout(_ layout: Layout, ofFolio f: Int)
  /// The first subpage of `range` that passes `test`: every read of other
  /// subpages than the ones an action names goes through it (`anySubpage`,
  /// `everySubpage`), so that a state can record what a test would have
  /// found in a larger state (`RecordingState`, for `PairViews`).
  func firstSubpage(in range: ClosedRange<Int>, _ test: (Subpage) -> Bool) -> Int?
}

extension ModelState {
  /// Whether some subpage of `range` passes `test`: `contains(where:)`
  /// written out, because the library's is not inlined, closure and all,
  /// into the transitions, which test ranges on every step.
  @inlinable @inline(always)
  public func anySubpage(in range: ClosedRange<Int>, _ test: (Subpage) -> Bool) -> Bool {
    firstSubpage(in: range, test) != nil
  }

  /// Whether every subpage of `range` passes `test` (see `anySubpage`).
  @inlinable @inline(always)
  public func everySubpage(in range: ClosedRange<Int>, _ test: (Subpage) -> Bool) -> Bool {
    !anySubpage(in: range) { !test($0) }
  }

  /// The first subpage of `range` that passes `test` (see `anySubpage`):
  /// every state type's but `RecordingState`'s.
  @inlinable @inline(always)
  public func firstSubpage(in range: ClosedRange<Int>, _ test: (Subpage) -> Bool) -> Int? {
    var p = range.lowerBound
    while p <= range.upperBound {
      if test(self[subpage: p]) { return p }
      p += 1
    }
    return nil
  }

  /// Whether some vCPU's pending request covers p.
  @inlinable @inline(always)
  public func requestCovers(_ p: Int) -> Bool {
    (request(0)?.covers(p) ?? false) || (request(1)?.covers(p) ?? false)
  }
}
