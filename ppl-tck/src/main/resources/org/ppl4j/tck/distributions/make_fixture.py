#!/usr/bin/env python3
"""Writes distributions.json: PyTorch's float64 log-probs, means, variances, KL divergences and
rsample gradients of the distributions ppl4j implements (and the simplex's stick-breaking map), at a spread of parameters (tiny and huge
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
from torch.distributions import (Bernoulli, Beta, Binomial, Categorical, Cauchy, Dirichlet,
                                 Exponential, Gamma, Geometric, HalfCauchy, HalfNormal, Laplace,
                                 OneHotCategorical, Poisson, StudentT, kl_divergence)
from torch.distributions.transforms import StickBreakingTransform

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

# Counts: log-masses, means and variances of Poisson, Binomial and Geometric.
out["counts"] = []
for rate in [0.0, 1e-3, 0.5, 3.0, 10.0, 57.5, 1e4]:
    d = Poisson(t(rate))
    ks = [0.0, 1.0, 2.0, 7.0, 30.0, 1e4 + 100]
    out["counts"].append({"kind": "Poisson", "params": {"rate": rate}, "x": ks,
                          "logProb": d.log_prob(t(ks)).tolist(), "mean": rate, "variance": rate,
                          "moderate": 0.1 <= rate <= 100})
for n, p in [(1.0, 0.3), (10.0, 0.5), (10.0, 1e-3), (25.0, 0.999), (1000.0, 0.2), (0.0, 0.4)]:
    for given in ("probs", "logits"):
        d = Binomial(t(n), probs=t(p)) if given == "probs" else Binomial(
            t(n), logits=t(p).log() - (-t(p)).log1p())
        ks = sorted({k for k in (0.0, 1.0, float(int(n * p)), n) if k <= n})
        out["counts"].append({"kind": "Binomial", "params": {"totalCount": n, given: p}, "x": ks,
                              "logProb": d.log_prob(t(ks)).tolist(), "mean": d.mean.item(),
                              "variance": d.variance.item(),
                              "moderate": 1e-2 <= p <= 0.99 and n <= 100})
for p in [1.0, 0.999, 0.5, 0.1, 1e-4]:
    d = Geometric(t(p))
    ks = [0.0, 1.0, 5.0, 100.0]
    out["counts"].append({"kind": "Geometric", "params": {"probs": p}, "x": ks,
                          "logProb": d.log_prob(t(ks)).tolist(), "mean": d.mean.item(),
                          "variance": d.variance.item(), "moderate": 1e-2 <= p < 1})

# Vector-valued: Dirichlet and OneHotCategorical log-densities, means and variances per entry.
out["vectors"] = []
for conc in [[1.0, 1.0, 1.0], [0.1, 0.5, 2.0], [30.0, 0.05], [100.0, 200.0, 1.0, 5.0]]:
    d = Dirichlet(t(conc))
    k = len(conc)
    xs = [[1.0 / k] * k, [0.9] + [0.1 / (k - 1)] * (k - 1), [1e-3] * (k - 1) + [1 - 1e-3 * (k - 1)]]
    out["vectors"].append({"kind": "Dirichlet", "params": conc, "x": xs,
                           "logProb": d.log_prob(t(xs)).tolist(), "mean": d.mean.tolist(),
                           "variance": d.variance.tolist(),
                           "moderate": all(0.1 <= c <= 100 for c in conc)})
for probs in [[0.2, 0.3, 0.5], [1e-4, 0.5, 0.4999], [0.0, 1.0]]:
    d = OneHotCategorical(t(probs))
    xs = [[1.0 if i == j else 0.0 for i in range(len(probs))] for j in range(len(probs))]
    lp = d.log_prob(t(xs)).tolist()
    keep = [j for j in range(len(xs)) if lp[j] != float("-inf")]
    out["vectors"].append({"kind": "OneHotCategorical", "params": probs,
                           "x": [xs[j] for j in keep], "logProb": [lp[j] for j in keep],
                           "mean": d.mean.tolist(), "variance": d.variance.tolist(),
                           "moderate": min(probs) > 0})

# More KL pairs, each kind with itself.
pairs = [
    ("Dirichlet", [[1.0, 2.0, 3.0], [0.5, 0.5, 4.0]]),
    ("Dirichlet", [[30.0, 0.05], [1.0, 1.0]]),
    ("Exponential", [[0.5], [3.0]]),
    ("Laplace", [[0.0, 1.0], [1.5, 0.3]]),
    ("HalfNormal", [[0.2], [5.0]]),
    ("Bernoulli", [[0.3], [0.9]]),
    ("Bernoulli", [[0.0], [0.5]]),
    ("Bernoulli", [[0.5], [1.0]]),
    ("Categorical", [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]),
    ("Categorical", [[0.0, 0.4, 0.6], [0.3, 0.3, 0.4]]),
    ("OneHotCategorical", [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]),
    ("Poisson", [[3.0], [0.5]]),
    ("Poisson", [[1e3], [990.0]]),
    ("Geometric", [[0.3], [0.6]]),
    ("Geometric", [[0.01], [0.5]]),
    ("Binomial", [[10.0, 0.3], [10.0, 0.6]]),
    ("Binomial", [[100.0, 0.01], [100.0, 0.5]]),
]


def make(kind, a):
    if kind == "Dirichlet":
        return Dirichlet(t(a))
    if kind == "Exponential":
        return Exponential(t(a[0]))
    if kind == "Laplace":
        return Laplace(t(a[0]), t(a[1]))
    if kind == "HalfNormal":
        return HalfNormal(t(a[0]))
    if kind == "Bernoulli":
        return Bernoulli(t(a[0]))
    if kind == "Categorical":
        return Categorical(t(a))
    if kind == "OneHotCategorical":
        return OneHotCategorical(t(a))
    if kind == "Poisson":
        return Poisson(t(a[0]))
    if kind == "Geometric":
        return Geometric(t(a[0]))
    if kind == "Binomial":
        return Binomial(t(a[0]), probs=t(a[1]))
    raise ValueError(kind)


# float32 keeps 5 digits of a KL only where it is not a difference of terms far larger than itself
out["klOthers"] = [{"kind": k, "p": a, "q": b, "kl": kl_divergence(make(k, a), make(k, b)).item(),
                    "moderate": max(a + b) < 100} for k, (a, b) in pairs]

# The simplex bijection (PyTorch's StickBreakingTransform): forward, inverse and log-Jacobian.
out["stickBreaking"] = []
sb = StickBreakingTransform()
for u in [[0.0], [0.3, -1.2], [2.0, -3.0, 0.5], [-20.0, 15.0, 0.0, 1.0]]:
    x = t(u)
    y = sb(x)
    out["stickBreaking"].append({"u": u, "y": y.tolist(), "inverse": sb.inv(y).tolist(),
                                 "logDet": sb.log_abs_det_jacobian(x, y).item(),
                                 "moderate": max(abs(v) for v in u) <= 10})



def finite_json(v):
    """JSON has no infinities: they are written as the strings "inf" and "-inf"."""
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    if isinstance(v, list):
        return [finite_json(x) for x in v]
    if isinstance(v, dict):
        return {k: finite_json(x) for k, x in v.items()}
    return v


print(json.dumps(finite_json(out), indent=1, allow_nan=False))
