#!/usr/bin/env python3
"""Writes mvn.json: PyTorch's float64 log-probs, means, variances, KL divergences, reparameterized
draws at fixed standard-normal noise and their gradients, for MultivariateNormal (given by
scale_tril, covariance or precision) and LowRankMultivariateNormal, at a spread of parameters:
well and ill conditioned covariances, batch shapes that broadcast, low rank with a tiny diagonal.
Run with Debian's python3-torch:

    /usr/bin/python3 make_mvn_fixture.py > mvn.json

Every tensor is {"shape": [...], "data": [row-major values]}. A case is "moderate" when its
covariance is well conditioned (condition number below 60), so that float32 can be held to 1e-5.
Gradients are of two scalars of the draw x(eps): sum(x * cot) for a fixed cot, and sum(log_prob(x)).
PyTorch's gradient of a covariance or precision is symmetric; ppl4j's Cholesky reads the lower
triangle only, so its gradient G is compared as (G + G^T) / 2.
"""
import json
import torch
from torch.distributions import LowRankMultivariateNormal, MultivariateNormal, kl_divergence

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261202)


def randn(*shape):
    return torch.randn(*shape, generator=gen)


def enc(x):
    x = x.detach()
    return {"shape": list(x.shape), "data": x.reshape(-1).tolist()}


def spd(batch, n, cond):
    """Random symmetric positive-definite matrices with eigenvalues log-spaced over [1/cond, 1]."""
    q, _ = torch.linalg.qr(randn(*batch, n, n))
    ev = torch.logspace(0, -torch.log10(torch.tensor(float(cond))).item(), n) if n > 1 else torch.ones(1)
    return (q * ev) @ q.mT * 3.0


def condition(cov):
    ev = torch.linalg.eigvalsh(cov)
    return (ev.max(-1).values / ev.min(-1).values).max().item()


def mvn_case(kind, loc, matrix, sample_shape=(3,)):
    def make(l, m):
        return MultivariateNormal(l, **{kind: m})
    d = make(loc, matrix)
    shape = tuple(sample_shape) + d.batch_shape + d.event_shape
    z = randn(*shape)
    x = d.loc + (d._unbroadcasted_scale_tril @ z.unsqueeze(-1)).squeeze(-1)
    far = d.loc + 10 * (d._unbroadcasted_scale_tril @ torch.ones(d.event_shape + (1,))).squeeze(-1)
    values = torch.cat([x.reshape(-1, *d.batch_shape, *d.event_shape),
                        far.reshape(1, *far.shape).expand(1, *d.batch_shape, *d.event_shape)])
    noise = randn(*shape)
    cot = randn(*shape)
    l, m = loc.clone().requires_grad_(True), matrix.clone().requires_grad_(True)
    dd = make(l, m)
    # rsample at fixed noise: loc + L eps, as PyTorch's rsample computes it
    draw = dd.loc + (dd._unbroadcasted_scale_tril @ noise.unsqueeze(-1)).squeeze(-1)
    g_lin = torch.autograd.grad((draw * cot).sum(), [l, m], retain_graph=True)
    g_lp = torch.autograd.grad(dd.log_prob(draw).sum(), [l, m])
    cov = d.covariance_matrix
    return {"kind": kind, "loc": enc(loc), "matrix": enc(matrix), "x": enc(values),
            "logProb": enc(d.log_prob(values)), "mean": enc(d.mean), "variance": enc(d.variance),
            "noise": enc(noise), "cot": enc(cot), "draw": enc(draw),
            "gradLinear": [enc(g) for g in g_lin], "gradLogProb": [enc(g) for g in g_lp],
            "condition": condition(cov), "moderate": condition(cov) < 60}


def lowrank_case(loc, w, diag, sample_shape=(3,)):
    d = LowRankMultivariateNormal(loc, w, diag)
    shape = tuple(sample_shape) + d.batch_shape + d.event_shape
    r = w.shape[-1]
    values = d.loc + (torch.linalg.cholesky(d.covariance_matrix) @ randn(*shape, 1)).squeeze(-1)
    noise_w = randn(*shape[:-1], r)
    noise_d = randn(*shape)
    cot = randn(*shape)
    leaves = [p.clone().requires_grad_(True) for p in (loc, w, diag)]
    dd = LowRankMultivariateNormal(*leaves)
    draw = (dd.loc + (dd._unbroadcasted_cov_factor @ noise_w.unsqueeze(-1)).squeeze(-1)
            + dd._unbroadcasted_cov_diag.sqrt() * noise_d)
    g_lin = torch.autograd.grad((draw * cot).sum(), leaves, retain_graph=True)
    g_lp = torch.autograd.grad(dd.log_prob(draw).sum(), leaves)
    return {"loc": enc(loc), "covFactor": enc(w), "covDiag": enc(diag), "x": enc(values),
            "logProb": enc(d.log_prob(values)), "mean": enc(d.mean), "variance": enc(d.variance),
            "noise": enc(torch.cat([noise_w, noise_d], -1)), "cot": enc(cot), "draw": enc(draw),
            "gradLinear": [enc(g) for g in g_lin], "gradLogProb": [enc(g) for g in g_lp],
            "condition": condition(d.covariance_matrix),
            "moderate": condition(d.covariance_matrix) < 60}


out = {"torch": torch.__version__, "mvn": [], "lowRank": [], "kl": []}

# MultivariateNormal: each matrix given three ways, from 1 x 1 to 5 x 5, conditioned 1 to 1e6,
# with batch shapes in loc only, in the matrix only, and in both (broadcast).
shapes = [((), (), 1, 1.0), ((), (), 2, 3.0), ((), (), 3, 20.0), ((), (), 5, 50.0),
          ((), (), 3, 1e4), ((), (), 4, 1e6), ((2,), (), 3, 10.0), ((), (2,), 3, 10.0),
          ((4, 1), (2,), 2, 5.0), ((2,), (2,), 4, 1e3)]
for loc_batch, mat_batch, n, cond in shapes:
    loc = randn(*loc_batch, n)
    cov = spd(mat_batch, n, cond)
    tril = torch.linalg.cholesky(cov)
    out["mvn"].append(mvn_case("scale_tril", loc, tril))
    out["mvn"].append(mvn_case("covariance_matrix", loc, cov))
    out["mvn"].append(mvn_case("precision_matrix", loc, torch.linalg.inv(cov)))
# a near-singular correlation
rho = 1 - 1e-6
out["mvn"].append(mvn_case("covariance_matrix", torch.zeros(2), torch.tensor([[1, rho], [rho, 1]])))

# LowRankMultivariateNormal: ranks 1 to 3, a tiny diagonal, batch shapes that broadcast.
for loc_batch, w_batch, d_batch, n, r, diag in [((), (), (), 2, 1, 0.5), ((), (), (), 5, 2, 1.0),
                                                ((), (), (), 6, 3, 1e-6),
                                                ((), (), (), 4, 1, 1e-8),
                                                ((3,), (), (), 4, 2, 0.3),
                                                ((), (2,), (1,), 3, 2, 2.0),
                                                ((2, 1), (3,), (), 3, 1, 0.1)]:
    loc = randn(*loc_batch, n)
    w = randn(*w_batch, n, r)
    d = diag * torch.exp(0.5 * randn(*d_batch, n))
    out["lowRank"].append(lowrank_case(loc, w, d))

# KL(p || q) between multivariate normals, batches broadcast, conditioned up to 1e4.
for pb, qb, n, cp, cq in [((), (), 1, 1, 1), ((), (), 3, 5, 20), ((2,), (), 3, 10, 10),
                          ((), (2,), 2, 3, 1e4), ((3, 1), (2,), 2, 2, 2), ((), (), 4, 1e3, 1)]:
    lp, lq = randn(*pb, n), randn(*qb, n)
    sp, sq = torch.linalg.cholesky(spd(pb, n, cp)), torch.linalg.cholesky(spd(qb, n, cq))
    kl = kl_divergence(MultivariateNormal(lp, scale_tril=sp), MultivariateNormal(lq, scale_tril=sq))
    out["kl"].append({"pLoc": enc(lp), "pScaleTril": enc(sp), "qLoc": enc(lq),
                      "qScaleTril": enc(sq), "kl": enc(kl), "moderate": max(cp, cq) < 60})

print(json.dumps(out, indent=1))
