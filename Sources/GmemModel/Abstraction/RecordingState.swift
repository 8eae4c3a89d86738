/// A representative that records what its subpage tests would have found
/// in a larger state (`PairViews`): for each test of the whole folio
/// (`firstSubpage`; `anySubpage` and `everySubpage` go through it) that
/// found no subpage, which of the candidate keys would have passed it.
/// Adding one of those *flips* the test, and may change the step; adding
/// any other key changes nothing the step reads. A test that found a
/// subpage needs nothing added: its index is only a label (the steps
/// read the found subpage only for an outcome's text or error offset).
struct RecordingState: ModelState {
  var base: WideState
  let recorder: Recorder

  final class Recorder {
    /// Keys that may be added (their numbers, as subpages), and those of
    /// them that would flip a test so far.
    var candidates: [(number: Int, page: Subpage)] = []
    var flippers = KeySet()
    /// The representative's folio, and its lanes kept exactly (marked,
    /// acting): a test of one of those is exact whatever is added.
    var folio: ClosedRange<Int> = 0...0
    var exactLanes: UInt32 = 0
    /// A test of a range that is neither: views cannot follow it.
    var untraced = false
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
    guard p == nil else { return p }
    if range == recorder.folio {
      for c in recorder.candidates where test(c.page) { recorder.flippers = recorder.flippers.inserting(c.number) }
    } else if !(range.count == 1 && recorder.exactLanes >> UInt32(range.lowerBound) & 1 != 0) {
      recorder.untraced = true
    }
    return nil
  }
}
