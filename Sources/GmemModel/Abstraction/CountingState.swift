/// A representative that counts the subpage tests that found a subpage
/// (`firstSubpage` returning one; `anySubpage` and `everySubpage` go
/// through it): each such test is a witness a sub-state must keep to take
/// the same path through a step. `PairViews` bounds the witnesses a step
/// needs by counting them; every other read of a subpage is of one an
/// action names, or a loop treating each subpage by itself.
struct CountingState: ModelState {
  var base: WideState
  let counter: Counter

  /// Tests that found a subpage since the last `reset`.
  final class Counter {
    var found = 0
  }

  subscript(subpage p: Int) -> Subpage {
    get { base[subpage: p] }
    set { base[subpage: p] = newValue }
  }

  var closed: Bool {
    get { base.closed }
    set { base.closed = newValue }
  }

  func request(_ v: Int) -> Request? { base.request(v) }
  mutating func setRequest(_ v: Int, _ request: Request?) { base.setRequest(v, request) }
  var anyRequestPending: Bool { base.anyRequestPending }
  func layout(ofFolio f: Int) -> Layout { base.layout(ofFolio: f) }
  mutating func setLayout(_ layout: Layout, ofFolio f: Int) { base.setLayout(layout, ofFolio: f) }

  func firstSubpage(in range: ClosedRange<Int>, _ test: (Subpage) -> Bool) -> Int? {
    let p = base.firstSubpage(in: range, test)
    if p != nil { counter.found += 1 }
    return p
  }
}
