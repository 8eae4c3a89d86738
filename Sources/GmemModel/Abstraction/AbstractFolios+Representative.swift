/// Representatives: the concrete states the abstraction runs the model on.
/// Built without arrays: it runs 2k + 1 times per abstract state of k
/// occupied keys, and once per property check.
extension AbstractFolios {
  struct Representative {
    /// Subpages per folio.
    var n: Int
    var state: WideState
    /// The lanes of marked subpages (-1: none).
    var marked: (Int, Int)
    /// The first lane of the acting key, if one was asked for.
    var actingLane: Int?

    func isMarked(_ lane: Int) -> Bool { lane == marked.0 || lane == marked.1 }

    /// The marked lanes as bits.
    var markedLanes: UInt32 {
      (marked.0 >= 0 ? 1 << UInt32(marked.0) : 0) | (marked.1 >= 0 ? 1 << UInt32(marked.1) : 0)
    }

    /// This representative (built with no acting key) as the one acting
    /// on key `keys.keys[i]` of folio f once, if it is that: it holds the
    /// key once unless the folio was padded with it (its first key). Saves
    /// building half the representatives.
    func acting(on i: Int, of f: Int, _ keys: SortedKeys) -> Representative? {
      let lanes = f * n..<(f + 1) * n
      let marks = (lanes.contains(marked.0) ? 1 : 0) + (lanes.contains(marked.1) ? 1 : 0)
      guard i != keys.bounds[f] || marks + keys.count(f) == n else { return nil }
      var r = self
      r.actingLane = f * n + marks + i - keys.bounds[f]
      return r
    }
  }

  /// A representative of `a`: per folio its marked subpages, then each
  /// occupied key once, then `acting`'s key `copies - 1` more times in its
  /// folio, padded to a common N >= 2 with copies of a key the folio has
  /// (in the acting folio, not the acting key, so that `copies` is its
  /// count). Nil when no concrete state fits that shape (a folio with
  /// nothing to pad with), or past `WideState.capacity` (`overflow` set).
  func representative(
    of a: AbstractState, _ keys: SortedKeys, acting: (folio: Int, key: UInt32, copies: Int)? = nil
  ) -> Representative?
  {
    // The marked subpages: vCPU 0's, and vCPU 1's unless it is the same.
    let r0 = a.request(0)
    let r1 = vcpus > 1 ? a.request(1) : nil
    let m0 = r0.map { !$0.wholeFolio } ?? false
    let m1 = r1.map { !$0.wholeFolio && !($0.sameAsVCPU0 && m0) } ?? false
    var n = 2
    for f in 0..<folios {
      var need = keys.count(f) + (m0 && r0!.folio == f ? 1 : 0) + (m1 && r1!.folio == f ? 1 : 0)
      if let act = acting, act.folio == f { need += act.copies - 1 }
      n = max(n, need)
    }
    guard n * folios <= WideState.capacity else {
      overflow.set()
      return nil
    }
    var s = WideState()
    s.global = a.global & 0x1FF
    var marked = (-1, -1)
    var actingLane: Int? = nil
    for f in 0..<folios {
      let count = keys.count(f)
      var lane = f * n
      if m0 && r0!.folio == f {
        s.setKey(lane, a.markKey(0)!)
        s.setRequest(0, Request(first: lane, last: lane, to: r0!.to))
        if let r = r1, !r.wholeFolio && r.sameAsVCPU0 { s.setRequest(1, Request(first: lane, last: lane, to: r.to)) }
        marked.0 = lane
        lane += 1
      }
      if m1 && r1!.folio == f {
        s.setKey(lane, a.markKey(1)!)
        s.setRequest(1, Request(first: lane, last: lane, to: r1!.to))
        marked.1 = lane
        lane += 1
      }
      var pad: UInt32? = nil
      for i in keys.range(f) {
        let k = keys.keys[i]
        s.setKey(lane, k)
        if let act = acting, act.folio == f, act.key == k {
          actingLane = lane
          for _ in 1..<act.copies {
            lane += 1
            s.setKey(lane, k)
          }
        } else if pad == nil {
          pad = k
        }
        lane += 1
      }
      if acting?.folio != f, count > 0 { pad = keys.keys[keys.bounds[f]] }
      if lane < (f + 1) * n {
        guard let pad else { return nil }
        while lane < (f + 1) * n {
          s.setKey(lane, pad)
          lane += 1
        }
      }
    }
    for v in 0..<vcpus {
      guard let r = a.request(v), r.wholeFolio else { continue }
      s.setRequest(v, Request(first: r.folio * n, last: r.folio * n + n - 1, to: r.to))
    }
    return Representative(n: n, state: s, marked: marked, actingLane: actingLane)
  }
}

extension WideState {
  /// A packed state of `model`, lane for lane.
  public init(_ s: GmemState, _ model: GuestMemfd) {
    self.init()
    for p in model.subpageIndices { self[subpage: p] = s[subpage: p] }
    closed = s.closed
    for f in 0..<min(model.config.folios, GmemState.layoutCapacity) {
      setLayout(s.layout(ofFolio: f), ofFolio: f)
    }
    for v in 0..<GmemState.vcpuCapacity { setRequest(v, s.request(v)) }
  }
}
