# Peers and data of anomaly-speed.sh (Debian python3: numpy, pandas, scikit-learn, torch).
#   gen FILE ROWS D RANK        rows of a d-dimensional table on a RANK-dimensional subspace plus noise, 1% anomalies
#                               (uniform in a box 2x wider than the data, off the subspace), last column label; seeded
#   forest FILE                 sklearn IsolationForest(n_estimators=100, max_samples=256, n_jobs=2): fit + score_samples
#                               of every row, 3 runs; prints peer,forest,run,fit_plus_score_s,,roc_auc,
#   autoencoder FILE EPOCHS BATCH   PyTorch CPU (2 threads) d-64-32-8-32-64-d ReLU, linear output, MSE, Adam 1e-3,
#                               standardised input, exactly EPOCHS shuffled passes, 3 runs; prints
#                               peer,autoencoder,run,train_s,,roc_auc,final mean squared reconstruction error
import sys, time
import numpy as np, pandas as pd


def gen(path, rows, d, rank):
    rows, d, rank = int(rows), int(d), int(rank)
    rng = np.random.default_rng(7)
    w = rng.normal(size=(rank, d))
    x = rng.normal(size=(rows, rank)) @ w + 0.3 * rng.normal(size=(rows, d))
    label = np.zeros(rows, dtype=int)
    k = rows // 100
    idx = rng.choice(rows, size=k, replace=False)
    lo, hi = x.min(axis=0), x.max(axis=0)
    mid, half = (lo + hi) / 2, (hi - lo)
    x[idx] = mid + rng.uniform(-1, 1, size=(k, d)) * half
    label[idx] = 1
    df = pd.DataFrame(x, columns=['f%d' % i for i in range(d)])
    df['label'] = label
    df.to_csv(path, index=False, float_format='%.6g')


def read(path):
    df = pd.read_csv(path)
    return df.drop(columns=['label']).to_numpy(dtype=np.float64), df['label'].to_numpy().astype(int)


def forest(path):
    from sklearn.ensemble import IsolationForest
    from sklearn.metrics import roc_auc_score
    x, y = read(path)
    for run in (1, 2, 3):
        t0 = time.perf_counter()
        m = IsolationForest(n_estimators=100, max_samples=256, n_jobs=2, random_state=run).fit(x)
        s = -m.score_samples(x)
        t1 = time.perf_counter()
        print('peer,forest,%d,%.3f,,%.4f,' % (run, t1 - t0, roc_auc_score(y, s)), flush=True)


def autoencoder(path, epochs, batch):
    import torch
    from torch import nn
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler
    torch.set_num_threads(2)
    x, y = read(path)
    x = StandardScaler().fit_transform(x).astype(np.float32)
    d = x.shape[1]
    epochs, batch = int(epochs), int(batch)
    data = torch.from_numpy(x)
    for run in (1, 2, 3):
        torch.manual_seed(run)
        net = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 8), nn.ReLU(),
                            nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, d))
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        loss_fn = nn.MSELoss()
        t0 = time.perf_counter()
        for _ in range(epochs):
            perm = torch.randperm(len(data))
            for i in range(0, len(data), batch):
                b = data[perm[i:i + batch]]
                opt.zero_grad()
                loss = loss_fn(net(b), b)
                loss.backward()
                opt.step()
        t1 = time.perf_counter()
        with torch.no_grad():
            err = ((net(data) - data) ** 2).mean(dim=1).numpy()
        print('peer,autoencoder,%d,%.3f,,%.4f,%.5f' % (run, t1 - t0, roc_auc_score(y, err), err.mean()), flush=True)


if __name__ == '__main__':
    {'gen': gen, 'forest': forest, 'autoencoder': autoencoder}[sys.argv[1]](*sys.argv[2:])
