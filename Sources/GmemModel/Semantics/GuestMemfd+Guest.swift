/// The guest's actions (MODEL.md 2, Guest).
extension GuestMemfd {
  /// MAP_GPA_RANGE / KVM_EXIT_MEMORY_FAULT: vCPU v asks for a
  /// conversion and waits until the VMM answers it (MODEL.md 6.1).
  @inlinable @inline(always)
  func guestRequest<S: ModelState>(_ range: ClosedRange<Int>, to: Attr, vcpu v: Int, in s: S)
    -> (Outcome, S)?
  {
    guard s.request(v) == nil, !s.closed, s.anySubpage(in: range, { $0.attr != to }) else {
      return nil
    }
    var n = s
    n.setRequest(v, Request(range, to: to))
    return (.ok, n)
  }

  /// The guest touches p: allocation on first touch, then a stage-2 map;
  /// with `trackData` the touch is a write.
  @inlinable @inline(always)
  func guestAccess<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    let life = s[subpage: p].life
    guard !s.closed, !s.requestCovers(p), life == .hole || life == .present else {
      return nil
    }
    var n = s
    if life == .hole { allocate(folioOf: p, in: &n) }
    n[subpage: p].guestMapped = true
    if config.trackData {
      n[subpage: p].written = true
      n[subpage: p].expectedWritten = true
    }
    return (.ok, n)
  }
}
