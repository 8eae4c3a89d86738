/// A representative that records what its subpage tests would have found
/// in a larger state (`PairViews`): for each test of the whole folio
/// (`firstSubpage`; `anySubpage` and `everySubpage` go through it) that
/// found no subpage, in order, which of the candidate keys would have
/// passed it.
/// Adding one of those *flips* the test, and may change the step; adding
/// any other key changes nothing the step reads. A test that found a
/// subpage needs nothing added: its index is only a label (the steps
/// read the found subpage only for an outcome's text or error offset).
struct RecordingState: ModelState {
  var base: WideState
  let recorder: Recorder

  final class Recorder {
    /// Keys that may be added (their numbers, as subpages).
    var candidates: [(number: Int, page: Subpage)] = []
    /// Record only this step, if set.
    var only: StepID? = nil
    /// Per step recorded, the keys that would flip each of its tests of
    /// the folio that found nothing, in the order tested (steps with none
    /// are left out).
    var steps: [(id: StepID, tests: [KeySet])] = []
    /// The step running: its tests so far, its folio, its lanes kept
    /// exactly (marked, acting): a test of one of those is exact
    /// whatever is added.
    var tests: [KeySet] = []
    var current = StepID(.others, 0)
    var folio: ClosedRange<Int> = 0...0
    var exactLanes: UInt32 = 0
    /// A test of a range that is neither: views cannot follow it.
    var untraced = false
    /// Run on each step taken, with the model and the representative
    /// before it; its bits are or'ed into `checkBits`.
    var check: ((GuestMemfd, Action, WideState) -> UInt64)? = nil
    var checkBits: UInt64 = 0

    /// Records for a new part: no steps yet.
    func reset(candidates keys: [(number: Int, page: Subpage)], only step: StepID?) {
      candidates = keys
      only = step
      steps.removeAll(keepingCapacity: true)
    }

    func begin(_ step: StepID, folio: ClosedRange<Int>, exactLanes: UInt32) {
      current = step
      self.folio = folio
      self.exactLanes = exactLanes
      tests.removeAll(keepingCapacity: true)
    }

    func end() {
      if !tests.isEmpty { steps.append((current, tests)) }
    }
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
      var flippers = KeySet()
      for c in recorder.candidates where test(c.page) { flippers = flippers.inserting(c.number) }
      if flippers.any { recorder.tests.append(flippers) }
    } else if !(range.count == 1 && recorder.exactLanes >> UInt32(range.lowerBound) & 1 != 0) {
      recorder.untraced = true
    }
    return nil
  }
}
