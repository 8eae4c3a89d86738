import GmemModel

extension LivenessProperty {
  /// **ConversionCompletes**: a pending conversion whose range holds no
  /// long-term pin is eventually answered with success.
  ///
  /// Checked as: no fair path keeps vCPU 0's request pending for ever
  /// while no subpage of its range is long-term pinned (a fair cycle, or a
  /// dead end, among such states), and no request is answered with
  /// failure (a refusal, EINVAL, or the VMM's `abandon`), after which it
  /// can never succeed. Long-term pins may be held for ever, so a request
  /// they block is not counted. vCPU 0 stands for every vCPU: they are
  /// interchangeable (MODEL.md 6.5).
  ///
  /// Why: the vCPU that asked waits until the VMM answers; a conversion
  /// that never completes hangs the guest or fails its MapGPA. The 2024-06-20
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
    summary: "a request with no long-term pin in its range is answered with success",
    source: "MODEL.md 3, 6.1; [V8] EAGAIN, api.rst; [LIST] 2024-06-20",
    waiting: { _, s in awaitsSuccess(s) },
    abandons: { model, s, _, t in awaitsSuccess(s) && model.answer(ofVCPU: 0, from: s, to: t) == .failure },
    explain: { model, s in
      guard let r = s.request(0) else {
        return "the request was answered with failure: it never succeeds, however often the guest asks"
      }
      return "the request \(model.describe(r))\(model.vcpuSuffix(0)) stays pending for ever"
    })
}

/// vCPU 0's request is pending and no subpage of its range holds a
/// long-term pin: it must end in success.
private func awaitsSuccess(_ s: GmemState) -> Bool {
  guard let r = s.request(0) else { return false }
  return r.range.allSatisfy { s[subpage: $0].longPins == 0 }
}
