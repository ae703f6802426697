#!/usr/bin/env python3
"""Writes distributions.json: PyTorch's float64 log-probs, means, variances, KL divergences and
rsample gradients of the distributions ppl4j implements, at a spread of parameters (tiny and huge
concentrations, values near the boundaries). Run with Debian's python3-torch, python3-scipy and python3-mpmath:

    /usr/bin/python3 make_fixture.py > distributions.json

Beta's log-prob at exactly 0 and 1 is left out: PyTorch 1.13 computes it as log(x) (c - 1), NaN
for c = 1 there, where newer versions and ppl4j use xlogy (0). The standard-gamma gradient is given twice: PyTorch's _standard_gamma_grad (an approximation,
Figurnov et al.'s series and rational fits) and the exact implicit derivative -dP(a,x)/da / p(x)
from mpmath at 30 digits, which is what ppl4j computes.
"""
import json
import itertools
import torch
import mpmath as mp
from scipy.special import gammaincinv
from torch.distributions import (Beta, Cauchy, Gamma, HalfCauchy, HalfNormal, Laplace, StudentT,
                                 kl_divergence)

torch.set_default_dtype(torch.float64)
mp.mp.dps = 30


def t(v):
    return torch.tensor(v, dtype=torch.float64)


def moderate(*params):
    return all(0.1 <= p <= 100 for p in params)


out = {"torch": torch.__version__, "gamma": [], "beta": [], "klGamma": [], "klBeta": [],
       "standardGammaGrad": [], "others": []}

for c, r in itertools.product([0.01, 0.1, 0.5, 1.0, 2.5, 10.0, 100.0, 1e4], [1e-3, 0.5, 3.0, 1e3]):
    d = Gamma(t(c), t(r))
    mean = c / r
    xs = [0.0] if c == 1.0 else []
    xs += [mean * f for f in (1e-6, 0.1, 0.5, 1.0, 2.0, 10.0)]
    out["gamma"].append({"concentration": c, "rate": r, "x": xs,
                         "logProb": d.log_prob(t(xs)).tolist(),
                         "mean": d.mean.item(), "variance": d.variance.item(),
                         "moderate": moderate(c, r)})

beta_params = [0.01, 0.5, 1.0, 2.0, 10.0, 1e3]
for a, b in itertools.product(beta_params, beta_params):
    d = Beta(t(a), t(b))
    xs = [1e-6, 0.01, 0.3, 0.5, 0.9, 1 - 1e-6]
    out["beta"].append({"c1": a, "c0": b, "x": xs, "logProb": d.log_prob(t(xs)).tolist(),
                        "mean": d.mean.item(), "variance": d.variance.item(),
                        "moderate": moderate(a, b)})

gamma_pairs = [((0.5, 1.0), (2.0, 3.0)), ((3.0, 2.0), (1.5, 0.5)), ((100.0, 1.0), (90.0, 1.2)),
               ((0.01, 1e-3), (1.0, 1.0)), ((1e4, 1e3), (1e4, 1e3 + 1)), ((2.5, 0.5), (2.5, 0.5))]
for (cp, rp), (cq, rq) in gamma_pairs:
    kl = kl_divergence(Gamma(t(cp), t(rp)), Gamma(t(cq), t(rq))).item()
    out["klGamma"].append({"p": [cp, rp], "q": [cq, rq], "kl": kl,
                           "moderate": moderate(cp, rp, cq, rq)})

beta_pairs = [((2.5, 3.0), (4.0, 1.5)), ((0.5, 0.5), (1.0, 1.0)), ((16.0, 14.0), (10.0, 10.0)),
              ((0.01, 2.0), (1.0, 1.0)), ((1e3, 1e3), (1e3, 999.0)), ((15.0, 15.0), (10.0, 10.0))]
for (ap, bp), (aq, bq) in beta_pairs:
    kl = kl_divergence(Beta(t(ap), t(bp)), Beta(t(aq), t(bq))).item()
    out["klBeta"].append({"p": [ap, bp], "q": [aq, bq], "kl": kl,
                          "moderate": moderate(ap, bp, aq, bq)})

for a in [0.05, 0.3, 1.0, 2.5, 8.5, 40.0, 1000.0]:
    for q in [0.01, 0.2, 0.5, 0.8, 0.99]:
        x = float(gammaincinv(a, q))  # the q-quantile of Gamma(a, 1)
        A, X = mp.mpf(a), mp.mpf(x)
        dP = mp.diff(lambda aa: mp.gammainc(aa, 0, X, regularized=True), A)
        dens = mp.exp((A - 1) * mp.log(X) - X - mp.loggamma(A))
        exact = float(-dP / dens)
        approx = torch._standard_gamma_grad(t([a]), t([x])).item()
        # Gamma(a, rate).rsample = x / rate: d/d rate = -x / rate^2, d/d a = grad / rate
        out["standardGammaGrad"].append({"alpha": a, "x": x, "exact": exact, "torch": approx})

xs = [-50.0, -3.0, -0.5, 0.0, 0.25, 1.0, 4.0, 1e3]
others = []
for loc, scale in [(0.0, 1.0), (1.5, 0.1), (-2.0, 30.0)]:
    others.append(("Laplace", {"loc": loc, "scale": scale}, Laplace(t(loc), t(scale))))
    others.append(("Cauchy", {"loc": loc, "scale": scale}, Cauchy(t(loc), t(scale))))
for scale in [0.1, 1.0, 30.0]:
    others.append(("HalfNormal", {"scale": scale}, HalfNormal(t(scale))))
    others.append(("HalfCauchy", {"scale": scale}, HalfCauchy(t(scale))))
for df, loc, scale in [(0.5, 0.0, 1.0), (1.0, 1.0, 2.0), (2.5, -1.0, 0.5), (30.0, 0.0, 1.0),
                       (1e4, 2.0, 3.0)]:
    others.append(("StudentT", {"df": df, "loc": loc, "scale": scale},
                   StudentT(t(df), t(loc), t(scale))))
for kind, params, d in others:
    support = [x for x in xs if x >= 0] if kind.startswith("Half") else xs
    entry = {"kind": kind, "params": params, "x": support,
             "logProb": d.log_prob(t(support)).tolist(), "moderate": params.get("df", 1) <= 100}
    m, v = d.mean.item(), d.variance.item()
    if m == m and abs(m) != float("inf") and v == v and abs(v) != float("inf"):
        entry["mean"], entry["variance"] = m, v
    out["others"].append(entry)

print(json.dumps(out, indent=1))
