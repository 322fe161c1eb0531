// <fathom-echart>: a block element holding one ECharts instance. The server calls
// setOption(json) with a complete option; it replaces the previous one (notMerge), so a host that
// disappears from the data disappears from the chart too.
class FathomEchart extends HTMLElement {
  connectedCallback() {
    if (!this.style.display) {
      this.style.display = 'block';
    }
    this._chart = echarts.init(this);
    this._resizeObserver = new ResizeObserver(() => this._chart && this._chart.resize());
    this._resizeObserver.observe(this);
    if (this._option) {
      this._chart.setOption(this._option, true);
    }
  }

  disconnectedCallback() {
    this._resizeObserver.disconnect();
    this._chart.dispose();
    this._chart = null;
  }

  setOption(json) {
    this._option = JSON.parse(json);
    if (this._chart) {
      this._chart.setOption(this._option, true);
    }
  }
}

customElements.define('fathom-echart', FathomEchart);
