import GmemModel

extension LivenessProperty {
  /// **ConversionCompletes**: a pending conversion whose range holds no
  /// long-term pin eventually succeeds.
  ///
  /// Checked as: no fair path keeps one request pending for ever while no
  /// subpage of its range is long-term pinned (a fair cycle, or a dead
  /// end, among such states), and no request ends without success (a
  /// refusal, EINVAL, after which it can never succeed). Long-term pins
  /// may be held for ever, so a request they block is not counted.
  ///
  /// Why: the vCPU that asked is blocked until the conversion completes; a
  /// conversion that never completes hangs the guest. The 2024-06-20
  /// pinning thread is about exactly this: a pin that never goes away
  /// (option (a) forbids long-term pins; option (b) keeps pins per 4K page
  /// so that one pin does not block its neighbours). Without assumptions,
  /// host userspace can fault and pin the page again between the VMM's
  /// retries; the in-place conversion API documentation [V8 api.rst] asks
  /// userspace to drop the references it knows of, which the assumption
  /// `hostQuiescesDuringConversion` states.
  ///
  /// Source: MODEL.md 3; [V8] EAGAIN from KVM_SET_MEMORY_ATTRIBUTES2 and
  /// api.rst; [LIST] 2024-06-20 pinning thread.
  public static let conversionCompletes = LivenessProperty(
    name: "ConversionCompletes", short: "Conv",
    summary: "a pending conversion with no long-term pin in its range succeeds",
    source: "MODEL.md 3; [V8] EAGAIN, api.rst; [LIST] 2024-06-20",
    waiting: { _, s in
      guard let r = s.request else { return false }
      return r.range.allSatisfy { s[subpage: $0].longPins == 0 }
    },
    abandons: { _, s, step, t in
      step.action.kind == .convert && step.outcome != .ok && s.request != nil && t.request == nil
    },
    explain: { model, s in
      guard let r = s.request else {
        return "the request was refused: it never succeeds, however often the guest asks"
      }
      return "the request \(model.describe(r)) stays pending for ever"
    })
}
