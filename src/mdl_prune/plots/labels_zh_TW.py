"""The figure texts of the series in Traditional Chinese (zh-TW): one table, English -> zh-TW.

:mod:`~mdl_prune.plots.language` translates every text of a figure from this table when the
figure is drawn in the zh-TW edition. The plotting code (``plots/*.py`` and the notebooks) keeps
writing its labels in English; a new label gets its line here. Terms exactly as in
``locales/zh_TW/GLOSSARY.md``.

How an entry reads:

* A key is the English text as the figure draws it, one line of it (a text of several lines
  is translated line by line, a label that ``textwrap`` broke as one line).
* ``{}`` in a key stands for any part of one line: a number (``"prunes {}: |μ|/σ < {}"``)
  or a label the notebook chose (``"{} (mean {})"``). Each part is looked up in turn, so a
  method name inside a template is translated too, and a number stays as it is.
* The translation fills the parts in order (``{}``), or in another order when Chinese puts
  them elsewhere (``{1}``, ``{0}``). It is a ``str.format`` string: a literal brace would
  be written ``{{`` or ``}}``.
* Mathtext (``$...$``), numbers, units and symbols stay as they are; so do the names in
  :data:`KEPT_WORDS`, which the strict mode (``MDL_PRUNE_STRICT_LABELS=1``) accepts in a
  drawn zh-TW text. Any other English word left in a figure is reported
  (``tests/test_figure_language.py`` runs every notebook so).

Every character of the table must be in the bundled font: the test names a missing one, and
``scripts/subset_font.py`` adds it.
"""

__all__ = ["LABELS", "KEPT_WORDS"]

# Names, units and code that stay in English in a Chinese figure.
KEPT_WORDS = ["MDL", "KL", "SGD", "ReLU", "Adam", "CSR", "CSC", "BSR", "SciPy", "NumPy", "PyTorch",
              "TensorFlow", "scikit", "learn", "MLPClassifier", "Hinton", "van", "Camp", "mdl_prune",
              "mdl", "shortest_code", "float32", "log", "log2", "log10", "nats", "ms"]

_DATA_AND_TRAINING = {
    "Data": "資料",
    "Samples": "樣本",
    "digits": "手寫數字",
    "blobs": "高斯團塊",
    "Gaussian blobs ({}-D), first two principal components": "高斯團塊（{} 維），前兩個主成分",
    "principal component {}": "主成分 {}",
    "class {} train": "類別 {}，訓練集",
    "class {} test": "類別 {}，測試集",
    "label {}": "標籤 {}",
    "The first training image of each digit": "每個數字的第一張訓練影像",
    "Training curves": "訓練曲線",
    "epoch": "輪次",
    "Loss": "損失",
    "Accuracy": "準確率",
    "mean cross-entropy (nats, log scale)": "平均交叉熵（奈特，對數刻度）",
    "accuracy (fraction correct)": "準確率（答對的比例）",
    "{} train": "{}，訓練集",
    "{} test": "{}，測試集",
    "Dense training: solid = training set, dashed = test set": "稠密網路的訓練：實線 = 訓練集，虛線 = 測試集",
    "split seed": "資料切分的隨機種子",
    "test accuracy": "測試準確率",
    "test accuracy (fraction correct)": "測試準確率（答對的比例）",
    "Test accuracy on each split": "每次資料切分的測試準確率",
    "Digits, {} hidden units: dense test accuracy per split": "手寫數字，{} 個隱藏單元：每次資料切分的稠密網路測試準確率",
    "{} (mean {})": "{}（平均 {}）",
    "mdl_prune: SGD + momentum": "mdl_prune：SGD + 動量",
    "scikit-learn MLPClassifier": "scikit-learn MLPClassifier",
}

_PRUNING = {
    "dense": "稠密網路",
    "dense ({})": "稠密網路（{}）",
    "dense network: {}": "稠密網路：{}",
    "global": "全域",
    "layer": "逐層",
    "global {}": "全域 {}",
    "layer {}": "逐層 {}",
    "layer-wise {}": "逐層 {}",
    "global magnitude": "全域幅度剪枝",
    "layer-wise magnitude": "逐層幅度剪枝",
    "random (control)": "隨機剪枝（對照）",
    "weight value": "權重值",
    "number of weights": "權重個數",
    "number of weights (log scale)": "權重個數（對數刻度）",
    "{} weights": "{} 權重",
    "W1 (input -> hidden)": "W1（輸入 -> 隱藏層）",
    "W2 (hidden -> output)": "W2（隱藏層 -> 輸出層）",
    "{}: |w| = {}": "{}：|w| = {}",
    "Weight values and the pruning threshold": "權重值與剪枝閾值",
    "Trained weights of seed {} and the magnitude thresholds at {} sparsity":
        "隨機種子 {} 訓練後的權重，與稀疏度 {} 的幅度剪枝閾值",
    "Seed {} weights and the {} thresholds at {}": "隨機種子 {} 的權重，與 {} 剪除 {} 的閾值",
    "sparsity (fraction of weights pruned)": "稀疏度（剪除的權重比例）",
    "sparsity (fraction of weights pruned; log scale of the fraction remaining)":
        "稀疏度（剪除的權重比例；刻度為剩餘比例的對數）",
    "Test accuracy against sparsity": "測試準確率與稀疏度",
    "Digits, {} hidden units: one-shot pruning without retraining": "手寫數字，{} 個隱藏單元：一次性剪枝，不重新訓練",
    "(mean over {} seeds, band: {})": "（{} 個隨機種子的平均值，色帶：{}）",
    "min–max": "最小值–最大值",
    "± 1 std": "± 1 個標準差",
    "Mean over seeds": "各隨機種子的平均值",
    "(bar: mean, whisker: min–max, dots: seeds)": "（長條：平均值，誤差線：最小值–最大值，點：各隨機種子）",
}

_FINE_TUNING = {
    "Recovery during fine-tuning": "微調期間的恢復",
    "fine-tuning epoch (0 = pruned, not retrained)": "微調輪次（0 = 剪枝後、未重新訓練）",
    "{}: {} -> {}": "{}：{} -> {}",
    "{} pruned": "剪除 {}",
    "pruned": "已剪枝",
    "Digits, {} hidden units: fine-tuning after one-shot magnitude pruning": "手寫數字，{} 個隱藏單元：一次性幅度剪枝後的微調",
    "Blobs, {} hidden units: fine-tuning after one-shot pruning": "高斯團塊，{} 個隱藏單元：一次性剪枝後的微調",
    "Fine-tuning after pruning {} of the weights": "剪除 {} 的權重後的微調",
    "Kept weights (pruned weights, exactly 0, not drawn)": "保留的權重（已剪除的權重恰為 0，不畫出）",
    "{} ({} kept)": "{}（保留 {} 個）",
    "{} pruned, sparsity {}": "剪除 {} 個，稀疏度 {}",
    "{} pruned, before fine-tuning": "剪除 {}，微調前",
    "threshold ±{}": "閾值 ±{}",
    "gradient masked only, two runs": "只遮罩梯度，執行兩次",
    "gradient and velocity masked, two runs": "梯度與速度都遮罩，執行兩次",
    "Kept weights: the gap around zero that pruning cut, refilled after revival":
        "保留的權重：剪枝在零附近切出的空隙，權重復活後被填回",
}

_ITERATIVE = {
    "Pruning schedules": "剪枝排程",
    "pruning step": "剪枝步驟",
    "sparsity (% of all weights pruned)": "稀疏度（剪除的權重佔全部的 %）",
    "Sparsity to reach after each of {} pruning steps": "{} 個剪枝步驟中每一步之後要達到的稀疏度",
    "linear": "線性排程",
    "cubic": "三次排程",
    "linear to {}": "線性排程，至 {}",
    "cubic to {}": "三次排程，至 {}",
    "{} one-shot": "{}，一次性剪枝",
    "{} one-shot with restarts": "{}，一次性剪枝，學習率重啟",
    "{} linear": "{}，線性排程",
    "{} cubic": "{}，三次排程",
    "Test accuracy after pruning and {} epochs of fine-tuning": "剪枝並微調 {} 個輪次後的測試準確率",
    "Iterative pruning to {}: accuracy along the way": "迭代剪枝至 {}：過程中的準確率",
    "{}: right after each cut": "{}：每次剪除之後立即",
    "{}: after fine-tuning": "{}：微調之後",
    "Three ways to reach {} in {} steps": "在 {1} 步內達到 {0} 的三種方式",
    "{} (TensorFlow-style sparsities)": "{}（TensorFlow 式的稀疏度）",
    "{} of the remaining each step (PyTorch-style)": "每步剪除剩餘權重的 {}（PyTorch 式）",
    "Lottery tickets against random re-initialisation": "樂透彩券與隨機重新初始化的比較",
    "ticket: rewound to initial values": "彩券：權重回捲到初始值",
    "control: same mask, fresh values": "對照：相同遮罩，全新的初始值",
}

_SPARSITY_PICTURES = {
    "Kept weights, layer by layer": "保留的權重，逐層",
    "{}: {} of {} kept": "{}：保留 {} 個（共 {} 個）",
    "{} pruned, one-shot": "剪除 {}，一次性剪枝",
    "{} pruned, fine-tuned": "剪除 {}，已微調",
    "kept weights of {}": "{} 保留的權重",
    "± the pruning threshold": "± 剪枝閾值",
    "Kept weights of the digits network before and after pruning to {} ({})":
        "手寫數字網路剪枝至 {}（{}）前後保留的權重",
    "Pruning masks (dark = kept)": "剪枝遮罩（深色 = 保留）",
    "input feature index": "輸入特徵索引",
    "hidden unit index": "隱藏單元索引",
    "output class": "輸出類別",
    "{} mask: {}/{} kept ({} pruned)": "{} 遮罩：保留 {}/{}（剪除 {}）",
    "Masks of the {} pruned digits network ({}; dark = kept)": "剪除 {} 的手寫數字網路的遮罩（{}；深色 = 保留）",
    "pixel column": "像素欄",
    "pixel row": "像素列",
    "Receptive field of hidden unit {}": "隱藏單元 {} 的感受野",
    "{} of {} pixels kept; grey = pruned": "保留 {} 個像素（共 {} 個）；灰色 = 已剪除",
    "weight from the pixel into the unit": "從像素到該單元的權重",
    "What each hidden unit still sees": "每個隱藏單元還看得到什麼",
    "{}, no in": "{}，無輸入",
    "{}, no out": "{}，無輸出",
    "{}, no in/out": "{}，無輸入/輸出",
    "kept weight (red excites the unit, blue inhibits it)": "保留的權重（紅色激發該單元，藍色抑制它）",
    "Receptive fields of the {} hidden units, {} pruned and fine-tuned": "{} 個隱藏單元的感受野，剪除 {} 並微調後",
    "(panel title: unit and number of kept input pixels; grey = pruned; "
    "no in / no out = dead unit with no inputs / no outputs kept)":
        "（子圖標題：單元與保留的輸入像素數；灰色 = 已剪除；無輸入 / 無輸出 = 沒有保留任何輸入 / 輸出的死亡單元）",
    "How many hidden units use each pixel": "每個像素被多少個隱藏單元使用",
    "Hidden units reading each pixel ({} pruned)": "讀取每個像素的隱藏單元（剪除 {}）",
    "{} pixels unused, at most {} units": "{} 個像素未被使用，最多 {} 個單元",
    "hidden units keeping the pixel (of {})": "保留該像素的隱藏單元數（共 {} 個）",
}

_CODES = {
    "Two-part code, term by term": "兩段式編碼，逐項",
    "Two-part code of the {}-sparse digits network": "稀疏度 {} 的手寫數字網路的兩段式編碼",
    "Two-part code at sparsity {}": "稀疏度 {} 的兩段式編碼",
    "code length (bits)": "編碼長度（位元）",
    "code length (bits, log scale)": "編碼長度（位元，對數刻度）",
    "header": "標頭",
    "mask": "遮罩",
    "kept weights": "保留的權重",
    "biases": "偏置",
    "data given model": "給定模型的資料",
    "uniform code": "均勻編碼",
    "uniform code N log2 K": "均勻編碼 N log2 K",
    "uniform N log2 K": "均勻編碼 N log2 K",
    "{} bit": "{} 位元",
    "Total description length (bits)": "總描述長度（位元）",
    "Total description length, digits, seed {}": "總描述長度，手寫數字，隨機種子 {}",
    "bits per value (32 = float32 as it is)": "每個值的位元數（32 = 原樣的 float32）",
    "sparsity (% of weights pruned)": "稀疏度（剪除的權重 %）",
    "total / uniform code (log scale)": "總長 / 均勻編碼（對數刻度）",
    "total bits (log scale)": "總位元數（對數刻度）",
    "shortest total: MDL's pick": "最短總長：MDL 的選擇",
    "Code lengths of the training labels": "訓練標籤的編碼長度",
    "Code lengths of the digits training labels": "手寫數字訓練標籤的編碼長度",
    "Code lengths of the digits training labels (seed {})": "手寫數字訓練標籤的編碼長度（隨機種子 {}）",
    "two-part, dense float32": "兩段式編碼，稠密 float32",
    "two-part, {}, {} bits/value": "兩段式編碼，{}，每個值 {} 位元",
    "two-part, {}, shared values": "兩段式編碼，{}，共享值",
    "prequential": "序貫編碼",
    "total description length (bits, log scale)": "總描述長度（位元，對數刻度）",
    "Does the shortest code generalize best?": "最短的編碼泛化得最好嗎？",
    "seed {}, quantized": "隨機種子 {}，量化",
    "seed {}, shared values": "隨機種子 {}，共享值",
    "MDL's pick (shortest code)": "MDL 的選擇（最短編碼）",
    "{}, {} iterative, best precision ({})": "{}，{} 迭代剪枝，最佳精度（{}）",
    "{}, grid minimum ({}, {})": "{}，網格最小值（{}，{}）",
    "mdl.shortest_code, {} iterative": "mdl.shortest_code，{} 迭代剪枝",
    "noisy means pruned {} by |μ|/σ ({})": "依 |μ|/σ 剪除 {} 的含雜訊平均值（{}）",
    "bits back (KL bound, as trained)": "位元回收（KL 上界，訓練時所用）",
    "bits back (exact KL)": "位元回收（精確 KL）",
}

_NOISY_WEIGHTS = {
    "One weight: the coding prior P and two choices of Q": "一個權重：編碼先驗 P 與 Q 的兩種選擇",
    "probability density": "機率密度",
    "probability density (log scale)": "機率密度（對數刻度）",
    "prior P = N({}, {}²)": "先驗 P = N({}, {}²)",
    "{}: Q = N({}, {}²)": "{}：Q = N({}, {}²)",
    "precise": "精確",
    "sloppy": "粗略",
    "MDL vs weight decay vs no penalty": "MDL、權重衰減與無懲罰的比較",
    "MDL (noisy weights)": "MDL（含雜訊的權重）",
    "weight decay (validation)": "權重衰減（驗證集）",
    "weight decay (oracle, test set)": "權重衰減（先知：用測試集）",
    "no penalty": "無懲罰",
    "relative test error  Σ(d−y)² / Σ(d−d̄)²": "相對測試誤差  Σ(d−y)² / Σ(d−d̄)²",
    "Relative test error on the paper-shaped task": "仿論文任務上的相對測試誤差",
    "predicting the mean (= 1)": "預測平均值（= 1）",
    "this notebook (mean, seeds as dots, min–max)": "本筆記本（平均值，點為各隨機種子，最小值–最大值）",
    "Hinton & van Camp 1993 (peptide data)": "Hinton & van Camp 1993（胜肽資料）",
    "The learned coding prior over the weights' means": "權重平均值上學得的編碼先驗",
    "weight mean μ": "權重平均值 μ",
    "means of the {} weights": "{} 個權重的平均值",
    "learned prior (mixture)": "學得的先驗（混合）",
    "component {}: π={}, mean {}, sd {}": "成分 {}：π={}，平均值 {}，標準差 {}",
    "components {} (coincide): π={}, mean {}, sd {}": "成分 {}（重合）：π={}，平均值 {}，標準差 {}",
    "Paper task, seed {}: learned {}-component prior over the {} means":
        "論文任務，隨機種子 {0}：{2} 個平均值上學得的 {1} 成分先驗",
    "Paper task, seed {}: the trade-off during training": "論文任務，隨機種子 {}：訓練過程中的取捨",
    "coefficient reaches 1": "係數達到 1",
    "training stage ({} Adam steps each)": "訓練階段（每階段 {} 步 Adam）",
    "bits": "位元",
    "misfit bits (data)": "誤差位元（資料）",
    "weight bits (KL bound)": "權重位元（KL 上界）",
    "total": "總和",
    "targets with no network": "不用網路傳送目標值",
    "log10 of the signal-to-noise ratio |μ|/σ": "訊雜比 |μ|/σ 的 log10",
    "Digits, seed {}: signal-to-noise ratio of the {} weights": "手寫數字，隨機種子 {}：{} 個權重的訊雜比",
    "prunes {}: |μ|/σ < {}": "剪除 {}：|μ|/σ < {}",
    "Noisy digits network pruned without retraining": "不重新訓練就剪枝的含雜訊手寫數字網路",
    "prune by |μ|/σ": "依 |μ|/σ 剪枝",
    "prune by |μ|": "依 |μ| 剪枝",
    "unpruned noisy network": "未剪枝的含雜訊網路",
    "Digits, seed {}: learned prior over the {} weight means": "手寫數字，隨機種子 {}：{} 個權重平均值上學得的先驗",
}

_STRUCTURE_AND_SPEED = {
    "Removing hidden units vs removing single weights": "移除隱藏單元與移除單一權重的比較",
    "Digits: removing hidden units vs single weights, same weight count": "手寫數字：移除隱藏單元與移除單一權重，權重數相同",
    "right after pruning": "剪枝後立即",
    "after fine-tuning": "微調之後",
    "hidden units kept (log scale)": "保留的隱藏單元數（對數刻度）",
    "hidden units kept (above) and weights kept (below), log scale": "保留的隱藏單元數（上）與保留的權重數（下），對數刻度",
    "units removed, norm": "移除單元，依範數",
    "units removed, activation": "移除單元，依活化值",
    "single weights removed, magnitude": "移除單一權重，依幅度",
    "dense, all units": "稠密網路，全部單元",
    "Prediction speed-up over the dense network": "相對稠密網路的預測加速比",
    "Prediction speed-up over the dense {} network (median times)": "相對稠密 {} 網路的預測加速比（時間中位數）",
    "weights removed (% of all weights)": "移除的權重（佔全部權重的 %）",
    "speed-up over dense (×, log scale)": "相對稠密網路的加速比（×，對數刻度）",
    "batch {} (dense: {} ms)": "批次 {}（稠密網路：{} ms）",
    "ideal 1/(1-sparsity)": "理想值 1/(1-稀疏度)",
    "dense with zeros (mask)": "含零的稠密矩陣（遮罩）",
    "thinned (units removed)": "精簡網路（移除單元）",
}

LABELS = {**_DATA_AND_TRAINING, **_PRUNING, **_FINE_TUNING, **_ITERATIVE, **_SPARSITY_PICTURES, **_CODES,
          **_NOISY_WEIGHTS, **_STRUCTURE_AND_SPEED}
