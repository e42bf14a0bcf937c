/** What GraphiQL opens with: ready-to-run operations on the seed graph. */
export const EXAMPLE_OPERATIONS = `# 产业链知识图谱 · 示例查询 —— 选择一个操作并运行 (Ctrl-Enter)

# 搜索「毫束科技」
query SearchHaoshu {
  search(text: "毫束科技", first: 5) {
    totalCount
    edges { score node { slug kind name aliases evidence { quote title } } }
  }
}

# 新生纪元的投资方（stated: false 为推断，inference 为理由）
query InvestorsOfXinshengjiyuan {
  entity(name: "新生纪元") {
    name
    ... on Company {
      investors { investor { name kind } amountCny round date stated inference evidence { quote document } }
    }
  }
}

# 南翼晋江国际芯创港的入驻企业
query TenantsOfXinchuanggang {
  entity(name: "南翼晋江国际芯创港") {
    name
    ... on Park { tenants { entity { name kind } since evidence { quote } } }
  }
}

# 晋江安芯基金与福州大学之间的路径
query PathsAnxinToFuzhouUniversity {
  paths(from: "晋江安芯基金", to: "福州大学", maxHops: 4, k: 3) {
    ... on PathsResult {
      paths {
        length
        hops { from { name } type direction to { name } relation { kind round evidence { quote document } } }
      }
    }
    ... on NotFoundError { message }
  }
}

# 图谱统计
query Stats {
  stats { entities relations byLabel { key count } byRelationType { key count } }
}
`;
