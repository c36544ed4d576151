# Helper of anomaly-quality.sh (Debian python3: numpy, pandas, scikit-learn).
#   splits ODDS_DIR OUT_DIR            test rows of each dataset and seed 1..3, from scikit-learn's train_test_split
#                                      with the peers' exact call, so Assay scores the rows the peers scored
#   table ODDS_DIR ASSAY_CSV|DIR       markdown: Assay's mean ROC AUC / AP over the 3 seeds beside the stored
#                                      scikit-learn runs (sklearn_peer_results.csv) and ADBench Table D4
import os, sys
import numpy as np, pandas as pd


def splits(odds, out):
    from sklearn.model_selection import train_test_split
    os.makedirs(out, exist_ok=True)
    for f in sorted(os.listdir(odds)):
        if not f.endswith('.csv') or f.startswith(('adbench_', 'sklearn_')):
            continue
        name = f[:-4]
        y = pd.read_csv(os.path.join(odds, f), usecols=['label'])['label'].to_numpy().astype(int)
        idx = np.arange(len(y))
        for seed in (1, 2, 3):
            path = os.path.join(out, '%s-%d.txt' % (name, seed))
            if os.path.exists(path):
                continue
            _, test = train_test_split(idx, test_size=0.3, stratify=y, random_state=seed, shuffle=True)
            np.savetxt(path, np.sort(test), fmt='%d')


def table(odds, ours_csv):
    if os.path.isdir(ours_csv):
        files = sorted(os.path.join(ours_csv, f) for f in os.listdir(ours_csv) if f.endswith('.csv'))
        ours = pd.concat([pd.read_csv(f) for f in files if os.path.getsize(f) > 0])
        ours = ours.drop_duplicates(['dataset', 'method', 'seed'], keep='last')
    else:
        ours = pd.read_csv(ours_csv)
    ours = ours.groupby(['dataset', 'method'])[['roc_auc', 'avg_precision', 'fit_s', 'score_s']].mean().reset_index()
    peer = pd.read_csv(os.path.join(odds, 'sklearn_peer_results.csv'))
    peer = peer[peer.protocol == 'adbench'].groupby(['dataset', 'model'])[['roc_auc', 'avg_precision', 'fit_plus_score_s']].mean().reset_index()
    adb = pd.read_csv(os.path.join(odds, 'adbench_D4_aucroc_unsupervised.csv')).set_index('dataset')
    methods = [m for m in ['iforest', 'autoencoder', 'ocsvm', 'lof', 'robust', 'ensemble'] if m in set(ours.method)]
    peers = [('IForest', 'iforest'), ('AE-MLP', 'autoencoder'), ('OCSVM', 'ocsvm'), ('LOF', 'lof')]
    datasets = sorted(set(ours.dataset), key=lambda d: (-len(pd.read_csv(os.path.join(odds, d + '.csv'), usecols=['label'])), d))

    def get(frame, key, col, d, m):
        r = frame[(frame.dataset == d) & (frame[key] == m)]
        return float(r[col].iloc[0]) if len(r) else np.nan

    head = ['dataset'] + ['%s AUC / AP' % m for m in methods] + ['sk %s' % p for p, _ in peers] + ['ADB IF', 'ADB OCSVM', 'ADB LOF']
    print('| ' + ' | '.join(head) + ' |')
    print('|' + '---|' * len(head))
    sums = {}
    for d in datasets:
        cells = [d]
        for m in methods:
            a, p = get(ours, 'method', 'roc_auc', d, m), get(ours, 'method', 'avg_precision', d, m)
            cells.append('%.1f / %.1f' % (100 * a, 100 * p))
            sums.setdefault(('ours', m), []).append(a)
        for p, _ in peers:
            a = get(peer, 'model', 'roc_auc', d, p)
            cells.append('–' if np.isnan(a) else '%.1f' % (100 * a))
            sums.setdefault(('sk', p), []).append(a)
        for c in ['IForest', 'OCSVM', 'LOF']:
            v = adb[c].get(d, np.nan) if d in adb.index else np.nan
            cells.append('–' if pd.isna(v) else '%.1f' % v)
        print('| ' + ' | '.join(cells) + ' |')
    n = len(datasets)
    mean = ['**mean of %d**' % n]
    for m in methods:
        mean.append('**%.1f**' % (100 * np.nanmean(sums[('ours', m)])))
    for p, _ in peers:
        v = np.array(sums[('sk', p)])
        mean.append('%.1f%s' % (100 * np.nanmean(v), '' if not np.isnan(v).any() else ' (%d sets)' % (~np.isnan(v)).sum()))
    mean += ['', '', '']
    print('| ' + ' | '.join(mean) + ' |')
    print()
    for p, m in peers:
        if m not in methods:
            continue
        a, b = np.array(sums[('ours', m)]), np.array(sums[('sk', p)])
        ok = ~np.isnan(b)
        diff = 100 * (a[ok] - b[ok])
        print('- %s vs scikit-learn %s on the %d sets both ran: mean %+.2f AUC points, ours higher on %d, lower by more '
              'than 2 points on %d (%s)' % (m, p, ok.sum(), diff.mean(), (diff > 0).sum(), (diff < -2).sum(),
                                            ', '.join('%s %+.1f' % (d, x) for d, x in zip(np.array(datasets)[ok], diff) if x < -2)))
    if 'ensemble' in methods:
        e = np.array(sums[('ours', 'ensemble')])
        for m in methods:
            if m != 'ensemble':
                x = np.array(sums[('ours', m)])
                print('- ensemble vs %s: mean %+.2f AUC points, ensemble higher on %d of %d' % (m, 100 * np.mean(e - x), (e > x).sum(), n))
    t = ours.groupby('method')[['fit_s', 'score_s']].sum()
    print()
    print('Total fit + score seconds over the %d sets (mean of 3 seeds each): ' % n +
          ', '.join('%s %.1f' % (m, t.loc[m].sum()) for m in methods))


if __name__ == '__main__':
    {'splits': splits, 'table': table}[sys.argv[1]](*sys.argv[2:])
